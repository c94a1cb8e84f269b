// REST fleet faults: the grouped summary (faults.read, audience hidden per the token's role as in the
// console), and the bulk retry of one group's failed tasks (tasks.write): a preview, then the run with
// an Idempotency-Key. The console's faults services, unchanged.
import "server-only";
import { z } from "zod";
import { faultGroupKeySchema } from "../../../../lib/faults/group-key";
import { MAX_GROUP_ROWS } from "../../../../lib/faults/window";
import { readerFor } from "../../../devices/audience-visibility";
import { faultSummarySchema, retryPreviewSchema, retryResultSchema } from "../../../faults/outputs";
import { MAX_RETRY_BATCH, planRetry, retryGroup } from "../../../faults/retry";
import { faultSummary } from "../../../faults/summary";
import { idempotent } from "../idempotency";
import { apiProcedure, createApiRouter } from "../trpc";
import { consoleBody } from "./paging";

const TAGS = ["faults"];

// Fresh query schemas (trpc-to-openapi turns coercion on in what it parses with; the console's stay strict).
const days = z.coerce.number().int().min(1).max(90).default(7).describe("Window in days (1..90)");
const text = z.string().max(64);
const groupQuery = z.object({
  days,
  code: z.coerce.number().int().min(0).max(2147483647).describe("CWMP fault code"),
  task: z.string().min(1).max(64).describe("RPC name of the failed tasks"),
  manufacturer: text,
  productClass: text,
  modelName: text,
  softwareVersion: text,
});

export const faultsRoutes = createApiRouter({
  summary: apiProcedure("faults.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/faults",
        tags: TAGS,
        summary: "Faults grouped by code, task and model over a window, with the chart's series",
        protect: true,
      },
    })
    .input(z.object({ days, limit: z.coerce.number().int().min(1).max(MAX_GROUP_ROWS).optional() }))
    .output(faultSummarySchema.meta({ id: "FaultSummary" }))
    .query(({ ctx, input }) =>
      faultSummary(input.days, { limit: input.limit, reader: readerFor(ctx.principal.actor.role) }),
    ),

  retryPreview: apiProcedure("tasks.write")
    .meta({
      openapi: {
        method: "GET",
        path: "/faults/retry-preview",
        tags: TAGS,
        summary: "What a retry of a fault group would queue",
        protect: true,
      },
    })
    .input(groupQuery)
    .output(retryPreviewSchema)
    .query(async ({ ctx, input }) => {
      const plan = await planRetry(ctx.principal.actor, input);
      return {
        total: plan.total,
        retryable: plan.retry.length,
        skipped: plan.skipped,
        limit: MAX_RETRY_BATCH,
      };
    }),

  retry: apiProcedure("tasks.write")
    .meta({
      openapi: {
        method: "POST",
        path: "/faults/retry",
        tags: TAGS,
        summary: "Retry a fault group's failed tasks (send an Idempotency-Key to make retries safe)",
        protect: true,
      },
    })
    .input(consoleBody(faultGroupKeySchema))
    .output(retryResultSchema)
    .mutation(({ ctx, input }) => idempotent(ctx, input, () => retryGroup(ctx.principal.actor, input))),
});
