// The fleet faults view's answers, shared by the console router and the REST resource.
import { z } from "zod";

const count = z.number().int().nonnegative();

export const faultGroupSchema = z.object({
  code: z.number().int(),
  task: z.string().nullable(),
  manufacturer: z.string(),
  productClass: z.string(),
  modelName: z.string(),
  softwareVersion: z.string(),
  devices: count,
  occurrences: count,
  lastAt: z.date(),
  message: z.string(),
});

export const faultSummarySchema = z.object({
  since: z.date(),
  until: z.date(),
  unit: z.enum(["hour", "day"]),
  totals: z.object({ devices: count, occurrences: count }),
  groups: z.array(faultGroupSchema),
  truncated: z.boolean(),
  series: z.array(z.object({ at: z.date(), occurrences: count, devices: count })),
});

const skipped = z.array(z.object({ taskId: z.number(), deviceId: z.number(), reason: z.string() }));

export const retryPreviewSchema = z.object({ total: count, retryable: count, skipped, limit: count });

export const retryResultSchema = z.object({
  batchId: z.string(),
  retried: z.array(z.object({ deviceId: z.number(), fromTaskId: z.number(), taskId: z.number() })),
  skipped,
});
