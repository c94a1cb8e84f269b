// The contract of what the device page's procedures return (tRPC .output()): the summary, entries of
// the parameter document and the data-model facts a browser uses to label and validate a value, the
// diagnostics objects and the timeline. Only what the page shows: credential and session-lock columns
// never appear here, and the page's types come from these schemas.
import { z } from "zod";
import { XSD_TYPES } from "../cwmp/soap/types";
import { DeviceKind } from "../generated/prisma/enums";

const bound = z.number().nullable();

export const parameterEntrySchema = z.object({
  v: z.string().optional(),
  t: z.string().optional(),
  w: z.boolean().optional(),
  n: z.number().optional(),
  ts: z.number(),
});

export const clientFactsSchema = z.object({
  pattern: z.string(),
  // The wire types plus the data models' decimal (BaseType in server/datamodel/types.ts).
  t: z.enum([...XSD_TYPES, "decimal"]),
  d: z.string().optional(),
  w: z.union([z.literal(1), z.literal(2)]).optional(),
  r: z.array(z.union([z.tuple([bound, bound]), z.tuple([bound, bound, z.number()])])).optional(),
  l: z.number().optional(),
  ml: z.number().optional(),
  e: z.array(z.string()).optional(),
  ero: z.array(z.string()).optional(),
  pt: z.array(z.string()).optional(),
  L: z.tuple([z.number().nullable(), z.number().nullable(), z.number().nullable()]).optional(),
  u: z.string().optional(),
  h: z.literal(1).optional(),
  c: z.literal(1).optional(),
});

export const treeChildSchema = z.object({
  path: z.string(),
  name: z.string(),
  object: z.boolean(),
  descendants: z.number().int(),
  entry: parameterEntrySchema.nullable(),
  facts: clientFactsSchema.nullable(),
  modelWritable: z.boolean(),
  multiInstance: z.boolean(),
});

export const treeSearchResultSchema = z.object({
  query: z.string(),
  /** matching entries in path order, at most `limit` */
  matches: z.array(treeChildSchema),
  /** every match in the document (more than matches.length when truncated) */
  total: z.number().int(),
});

/** One level of the live tree (device.children): the object itself and its direct children. */
export const treeLevelSchema = z.object({
  path: z.string(),
  self: parameterEntrySchema.nullable(),
  children: z.array(treeChildSchema),
});

const diagnosticsReadingSchema = z.object({
  object: z.string(),
  values: z.record(z.string(), z.string()),
  ts: z.number().nullable(),
  hops: z.array(z.object({ host: z.string(), address: z.string(), errorCode: z.string(), rtt: z.string() })),
});

/** device.diagnostics: null when the device has no ping/traceroute objects. */
export const diagnosticsSchema = z
  .object({ ping: diagnosticsReadingSchema, traceroute: diagnosticsReadingSchema })
  .nullable();

const linkedDeviceSchema = z.object({
  /** null: known only from the gateway's ManageableDevice table, not managed here */
  id: z.number().int().nullable(),
  serialNumber: z.string(),
  productClass: z.string(),
  kind: z.string().nullable(),
  online: z.boolean().nullable(),
});

/** device.get: the summary, the header and the banners of the device page. */
export const deviceDetailSchema = z.object({
  id: z.number().int(),
  oui: z.string(),
  productClass: z.string(),
  serialNumber: z.string(),
  manufacturer: z.string(),
  kind: z.enum(DeviceKind),
  rootObject: z.string(),
  modelName: z.string(),
  softwareVersion: z.string(),
  hardwareVersion: z.string(),
  ipAddress: z.string().nullable(),
  macAddress: z.string().nullable(),
  subscriberId: z.string().nullable(),
  tags: z.array(z.string()),
  notes: z.string(),
  cwmpVersion: z.string(),
  firstSeen: z.date(),
  lastInform: z.date().nullable(),
  lastBoot: z.date().nullable(),
  lastBootstrap: z.date().nullable(),
  fullReadAt: z.date().nullable(),
  fullReadFailedAt: z.date().nullable(),
  periodicInformInterval: z.number().int().nullable(),
  online: z.boolean(),
  informIntervalRange: z.object({ min: z.number(), max: z.number() }),
  upTime: z.object({ seconds: z.number(), readAt: z.number() }).nullable(),
  wan: z
    .object({
      source: z.string(),
      status: z.string().nullable(),
      upstreamKbps: z.number().nullable(),
      downstreamKbps: z.number().nullable(),
      upstreamMarginDb: z.number().nullable(),
      downstreamMarginDb: z.number().nullable(),
    })
    .nullable(),
  gateway: linkedDeviceSchema.nullable(),
  stbs: z.array(linkedDeviceSchema),
});

export type TreeSearchResult = z.infer<typeof treeSearchResultSchema>;

export const timelinePageSchema = z.object({
  items: z.array(
    z.object({
      at: z.date(),
      key: z.string(),
      kind: z.enum(["inform", "task", "task-end", "event", "fault", "audit"]),
      title: z.string(),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
  nextCursor: z.object({ at: z.string(), key: z.string() }).nullable(),
  /** since reads: more entries newer than these remain (read again from the newest returned) */
  newerRemain: z.boolean(),
});
