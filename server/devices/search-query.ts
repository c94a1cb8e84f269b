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

/** Filters only: which devices. */
export const deviceFilterSchema = z.object({
  /** Free text: partial serial, subscriber/account id, IP, MAC, or a tag. */
  q: z.string().trim().max(200).optional(),
  manufacturer: z.string().max(64).optional(),
  oui: z.string().max(6).optional(),
  productClass: z.string().max(64).optional(),
  softwareVersion: z.string().max(64).optional(),
  kind: z.enum(["GATEWAY", "STB", "OTHER"]).optional(),
  online: z.boolean().optional(),
  /** Last Inform older than this instant. */
  lastInformBefore: z.coerce.date().optional(),
  /** Last Inform newer than this instant. */
  lastInformAfter: z.coerce.date().optional(),
  tag: z.string().max(64).optional(),
  /** A parameter path and the value it must have in the device's parameter document. */
  param: z.object({ path: z.string().min(1).max(1024), value: z.string().max(1024) }).optional(),
});

export type DeviceFilter = z.infer<typeof deviceFilterSchema>;

/** Filters plus ordering and a page: one screen of results. */
export const deviceSearchSchema = deviceFilterSchema.extend({
  sort: z.enum(DEVICE_SORT_FIELDS).default("lastInform"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});

export type DeviceSearch = z.infer<typeof deviceSearchSchema>;
