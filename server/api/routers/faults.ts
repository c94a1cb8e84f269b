// The fleet faults view: grouped counts and the chart's series (faults.read), and the bulk retry of a
// group's failed tasks (tasks.write, as a single retry): a preview for the confirmation, then the run.
import "server-only";
import { z } from "zod";
import { faultGroupKeySchema } from "../../../lib/faults/group-key";
import { MAX_RETRY_BATCH, planRetry, retryGroup } from "../../faults/retry";
import { faultSummarySchema, retryPreviewSchema, retryResultSchema } from "../../faults/outputs";
import { faultSummary } from "../../faults/summary";
import { readerFor } from "../../devices/audience-visibility";
import { faultWindowSchema, MAX_GROUP_ROWS } from "../../../lib/faults/window";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const write = permissionProcedure("tasks.write");

export const faultsRouter = createTRPCRouter({
  summary: permissionProcedure("faults.read")
    .input(faultWindowSchema.extend({ limit: z.number().int().min(1).max(MAX_GROUP_ROWS).optional() }))
    .output(faultSummarySchema)
    .query(({ ctx, input }) =>
      faultSummary(input.days, { limit: input.limit, reader: readerFor(ctx.operator.role) }),
    ),

  /** What a retry of the group would queue, for the confirmation (no request values leave the server). */
  retryPreview: write
    .input(faultGroupKeySchema)
    .output(retryPreviewSchema)
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
    .output(retryResultSchema)
    .mutation(({ ctx, input }) => retryGroup(ctx.operator, input)),
});
