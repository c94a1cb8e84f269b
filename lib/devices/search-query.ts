// The device search as data: what the console puts in the URL, saves per operator, exports as CSV,
// and hands to bulk work as a selection. One schema, validated at every boundary.
import { z } from "zod";

export const DEVICE_SORT_FIELDS = [
  "serialNumber",
  "lastInform",
  "softwareVersion",
  "productClass",
  "manufacturer",
  "kind",
  "ipAddress",
] as const;

/** Parameter comparisons: =, ≠, <, >, contains, exists. */
export const PARAM_OPS = ["eq", "ne", "lt", "gt", "contains", "exists"] as const;
export type ParamOp = (typeof PARAM_OPS)[number];

/** The fault filter's window when a link names a code or an RPC but no number of days. */
export const FAULT_DAYS_DEFAULT = 7;

/**
 * Summary attributes a list column can show. Any other column is a parameter path (it has a dot;
 * these names have none), read from the parameter document.
 */
export const ATTRIBUTE_COLUMNS = [
  "serialNumber",
  "kind",
  "modelName",
  "manufacturer",
  "oui",
  "productClass",
  "softwareVersion",
  "hardwareVersion",
  "ipAddress",
  "macAddress",
  "subscriberId",
  "tags",
  "lastInform",
  "online",
  "bootstrapIncomplete",
] as const;
export type AttributeColumn = (typeof ATTRIBUTE_COLUMNS)[number];

/** What the list shows when the operator has not chosen columns. */
export const DEFAULT_COLUMNS: readonly string[] = [
  "serialNumber",
  "kind",
  "modelName",
  "softwareVersion",
  "ipAddress",
  "tags",
  "lastInform",
  "online",
];

const PARAMETER_PATH = /^[A-Za-z_][\w-]*(\.[\w-]+)+$/;
const ATTRIBUTES = new Set<string>(ATTRIBUTE_COLUMNS);

export function isParameterColumn(column: string): boolean {
  return !ATTRIBUTES.has(column);
}

/** A list column: an attribute name or a parameter path such as Device.DeviceInfo.UpTime. */
export const columnSchema = z
  .string()
  .max(256)
  .refine((c) => ATTRIBUTES.has(c) || PARAMETER_PATH.test(c), "Not an attribute or parameter path");

/** Bounded so a page's parameter reads stay a handful of JSON lookups per row. */
export const MAX_COLUMNS = 20;

/** Filters only: which devices. */
export const deviceFilterSchema = z.object({
  /** Free text: partial serial, subscriber/account id, IP, MAC, or a tag. */
  q: z.string().trim().max(200).optional(),
  manufacturer: z.string().max(64).optional(),
  oui: z.string().max(6).optional(),
  productClass: z.string().max(64).optional(),
  softwareVersion: z.string().max(64).optional(),
  kind: z.enum(["GATEWAY", "STB", "OTHER", "MOBILE"]).optional(),
  online: z.boolean().optional(),
  /** Last Inform older than this instant. */
  lastInformBefore: z.coerce.date().optional(),
  /** Last Inform newer than this instant. */
  lastInformAfter: z.coerce.date().optional(),
  tag: z.string().max(64).optional(),
  /**
   * A parameter path compared with a value in the device's parameter document. `lt`/`gt` compare
   * numerically when the parameter has a numeric xsd type and both sides are numbers, as text otherwise;
   * `exists` ignores the value. Saved searches and bulk jobs from before operators existed mean `eq`.
   */
  param: z
    .object({
      path: z.string().min(1).max(1024),
      op: z.enum(PARAM_OPS).default("eq"),
      value: z.string().max(1024),
    })
    .optional(),
  /** Devices with a fault (DeviceFault, or a task ended as a fault) with this CWMP fault code... */
  faultCode: z.number().int().min(0).max(2_147_483_647).optional(),
  /** ...of this RPC (the task's name, e.g. "SetParameterValues")... */
  faultTask: z.string().trim().min(1).max(64).optional(),
  /** ...in the last this many days (FAULT_DAYS_DEFAULT when only a code or task is given). */
  faultDays: z.number().int().min(1).max(90).optional(),
  /** Devices whose first full read failed (Device.fullReadFailedAt set): "bootstrap incomplete". */
  bootstrapIncomplete: z.literal(true).optional(),
});

export type DeviceFilter = z.infer<typeof deviceFilterSchema>;

/** Filters plus ordering and a page: one screen of results. */
export const deviceSearchSchema = deviceFilterSchema.extend({
  sort: z.enum(DEVICE_SORT_FIELDS).default("lastInform"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
  /** Columns shown and exported, in order; absent means DEFAULT_COLUMNS. */
  columns: z
    .array(columnSchema)
    .min(1)
    .max(MAX_COLUMNS)
    .refine((c) => new Set(c).size === c.length, "A column appears twice")
    .optional(),
});

export type DeviceSearch = z.infer<typeof deviceSearchSchema>;
