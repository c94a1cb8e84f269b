// REST bulk jobs: create (Idempotency-Key), list (cursor), read with item counts, cancel. The
// console's bulk service: the same per-action permission rules (createBulkJob checks them).
import "server-only";
import { z } from "zod";
import { createBulkJobSchema, ITEM_STATES } from "../../../../lib/bulk/schema";
import { cancelBulkJob, createBulkJob, getBulkJob, listBulkJobs } from "../../../bulk/service";
import { jobRowSchema, jobSchema } from "../../../bulk/outputs";
import { readerFor } from "../../../devices/audience-visibility";
import { idempotent } from "../idempotency";
import { pageBeforeId, pageInput, shielded } from "../pagination";
import { idPath } from "./paging";
import { apiProcedure } from "../trpc";

const TAGS = ["bulk-jobs"];
const byId = idPath;
const { action, selection, throttle } = createBulkJobSchema.shape;
const createInput = z.object({
  action: shielded(action),
  selection: shielded(selection),
  throttle: shielded(throttle),
});

export const bulkRoutes = {
  create: apiProcedure("devices.bulk")
    .meta({
      openapi: {
        method: "POST",
        path: "/bulk-jobs",
        tags: TAGS,
        summary: "Create a bulk job (send an Idempotency-Key)",
      },
    })
    .input(createInput)
    .output(jobRowSchema)
    .mutation(({ ctx, input }) => idempotent(ctx, input, () => createBulkJob(ctx.principal.actor, input))),

  list: apiProcedure("devices.read")
    .meta({ openapi: { method: "GET", path: "/bulk-jobs", tags: TAGS, summary: "Bulk jobs, newest first" } })
    .input(z.object({ ...pageInput, limit: pageInput.limit.pipe(z.number().max(199)) }))
    .output(z.object({ items: z.array(jobSchema), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) =>
      pageBeforeId(input, (limit, beforeId) =>
        listBulkJobs({ limit, beforeId, reader: readerFor(ctx.principal.actor.role) }),
      ),
    ),

  get: apiProcedure("devices.read")
    .meta({
      openapi: { method: "GET", path: "/bulk-jobs/{id}", tags: TAGS, summary: "A bulk job with item counts" },
    })
    .input(byId)
    .output(jobSchema.extend({ counts: z.record(z.enum(ITEM_STATES), z.number().int()) }))
    .query(({ ctx, input }) => getBulkJob(input.id, readerFor(ctx.principal.actor.role))),

  cancel: apiProcedure("devices.bulk")
    .meta({
      openapi: { method: "POST", path: "/bulk-jobs/{id}/cancel", tags: TAGS, summary: "Cancel a bulk job" },
    })
    .input(byId)
    .output(jobRowSchema)
    .mutation(({ ctx, input }) => cancelBulkJob(ctx.principal.actor, input.id)),
};
