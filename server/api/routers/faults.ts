// The fleet faults view: grouped counts and the chart's series (faults.read), and the bulk retry of a
// group's failed tasks (tasks.write, as a single retry): a preview for the confirmation, then the run.
import "server-only";
import { z } from "zod";
import { faultGroupKeySchema } from "../../../lib/faults/group-key";
import { MAX_RETRY_BATCH, planRetry, retryGroup } from "../../faults/retry";
import { faultSummary } from "../../faults/summary";
import { readerFor } from "../../devices/audience-visibility";
import { faultWindowSchema, MAX_GROUP_ROWS } from "../../../lib/faults/window";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const count = z.number().int().nonnegative();

const group = z.object({
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

const bucket = z.object({ at: z.date(), occurrences: count, devices: count });

const skipped = z.array(z.object({ taskId: z.number(), deviceId: z.number(), reason: z.string() }));

const write = permissionProcedure("tasks.write");

export const faultsRouter = createTRPCRouter({
  summary: permissionProcedure("faults.read")
    .input(faultWindowSchema.extend({ limit: z.number().int().min(1).max(MAX_GROUP_ROWS).optional() }))
    .output(
      z.object({
        since: z.date(),
        until: z.date(),
        unit: z.enum(["hour", "day"]),
        totals: z.object({ devices: count, occurrences: count }),
        groups: z.array(group),
        truncated: z.boolean(),
        series: z.array(bucket),
      }),
    )
    .query(({ ctx, input }) =>
      faultSummary(input.days, { limit: input.limit, reader: readerFor(ctx.operator.role) }),
    ),

  /** What a retry of the group would queue, for the confirmation (no request values leave the server). */
  retryPreview: write
    .input(faultGroupKeySchema)
    .output(z.object({ total: count, retryable: count, skipped, limit: count }))
    .query(async ({ ctx, input }) => {
      const plan = await planRetry(ctx.operator, input);
      return {
        total: plan.total,
        retryable: plan.retry.length,
        skipped: plan.skipped,
        limit: MAX_RETRY_BATCH,
      };
    }),

  retry: write
    .input(faultGroupKeySchema)
    .output(
      z.object({
        batchId: z.string(),
        retried: z.array(z.object({ deviceId: z.number(), fromTaskId: z.number(), taskId: z.number() })),
        skipped,
      }),
    )
    .mutation(({ ctx, input }) => retryGroup(ctx.operator, input)),
});
