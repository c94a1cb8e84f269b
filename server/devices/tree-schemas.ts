// The contract of what the device page's tree and timeline procedures return (tRPC .output()): entries of the
// parameter document and the data-model facts a browser uses to label and validate a value.
import { z } from "zod";
import { XSD_TYPES } from "../cwmp/soap/types";

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
});
