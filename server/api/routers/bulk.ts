import "server-only";
import { z } from "zod";
import { cancelBulkJob, createBulkJob, getBulkJob, listBulkJobItems, listBulkJobs } from "../../bulk/service";
import { readerFor } from "../../devices/audience-visibility";
import { createBulkJobSchema, ITEM_STATES } from "../../../lib/bulk/schema";
import { jobRowSchema, jobSchema } from "../../bulk/outputs";
import { bigRecordId, recordId } from "../../../lib/ids";
import { TaskState } from "../../generated/prisma/enums";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const jobId = z.object({ id: recordId });

const itemPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.bigint(),
      deviceId: z.number().int(),
      serialNumber: z.string().nullable(),
      productClass: z.string().nullable(),
      state: z.enum(ITEM_STATES),
      message: z.string().nullable(),
      updatedAt: z.date(),
      task: z
        .object({
          id: z.number().int(),
          name: z.string(),
          state: z.enum(TaskState),
          faultCode: z.number().int().nullable(),
          faultString: z.string().nullable(),
        })
        .nullable(),
    }),
  ),
  nextAfterId: z.number().int().optional(),
});

export const bulkRouter = createTRPCRouter({
  create: permissionProcedure("devices.bulk")
    .input(createBulkJobSchema)
    .output(jobRowSchema)
    .mutation(({ ctx, input }) => createBulkJob(ctx.operator, input)),

  cancel: permissionProcedure("devices.bulk")
    .input(jobId)
    .output(jobRowSchema)
    .mutation(({ ctx, input }) => cancelBulkJob(ctx.operator, input.id)),

  list: permissionProcedure("devices.read")
    .input(
      z.object({
        limit: z.number().int().min(1).max(200).default(50),
        beforeId: recordId.optional(),
      }),
    )
    .output(z.array(jobSchema))
    .query(({ ctx, input }) => listBulkJobs({ ...input, reader: readerFor(ctx.operator.role) })),

  get: permissionProcedure("devices.read")
    .input(jobId)
    .output(jobSchema.extend({ counts: z.record(z.enum(ITEM_STATES), z.number().int()) }))
    .query(({ ctx, input }) => getBulkJob(input.id, readerFor(ctx.operator.role))),

  items: permissionProcedure("devices.read")
    .input(
      jobId.extend({
        states: z.array(z.enum(ITEM_STATES)).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        // BulkJobItem ids are BigInt; the cursor crosses the boundary as a bounded number.
        afterId: bigRecordId.optional(),
      }),
    )
    .output(itemPageSchema)
    .query(({ ctx, input }) =>
      listBulkJobItems(input.id, {
        ...input,
        afterId: input.afterId === undefined ? undefined : BigInt(input.afterId),
        reader: readerFor(ctx.operator.role),
      }),
    ),
});
