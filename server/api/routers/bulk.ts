import "server-only";
import { z } from "zod";
import { cancelBulkJob, createBulkJob, getBulkJob, listBulkJobItems, listBulkJobs } from "../../bulk/service";
import { createBulkJobSchema, ITEM_STATES } from "../../../lib/bulk/schema";
import { bigRecordId, recordId } from "../../../lib/ids";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const jobId = z.object({ id: recordId });

export const bulkRouter = createTRPCRouter({
  create: permissionProcedure("devices.bulk")
    .input(createBulkJobSchema)
    .mutation(({ ctx, input }) => createBulkJob(ctx.operator, input)),

  cancel: permissionProcedure("devices.bulk")
    .input(jobId)
    .mutation(({ ctx, input }) => cancelBulkJob(ctx.operator, input.id)),

  list: permissionProcedure("devices.read")
    .input(
      z.object({
        limit: z.number().int().min(1).max(200).default(50),
        beforeId: recordId.optional(),
      }),
    )
    .query(({ input }) => listBulkJobs(input)),

  get: permissionProcedure("devices.read")
    .input(jobId)
    .query(({ input }) => getBulkJob(input.id)),

  items: permissionProcedure("devices.read")
    .input(
      jobId.extend({
        states: z.array(z.enum(ITEM_STATES)).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        // BulkJobItem ids are BigInt; the cursor crosses the boundary as a bounded number.
        afterId: bigRecordId.optional(),
      }),
    )
    .query(({ input }) =>
      listBulkJobItems(input.id, {
        ...input,
        afterId: input.afterId === undefined ? undefined : BigInt(input.afterId),
      }),
    ),
});
