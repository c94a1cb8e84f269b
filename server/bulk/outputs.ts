// What the bulk job procedures send out (console tRPC and REST): an explicit contract, so a column added
// to BulkJob never leaves the server unless it is named here.
import { z } from "zod";
import { throttleSchema } from "../../lib/bulk/schema";
import { BulkJobState } from "../generated/prisma/enums";

// A job row without its raw params/selection JSON (the console reads the described form below).
export const jobRowSchema = z.object({
  id: z.number().int(),
  action: z.string(),
  state: z.enum(BulkJobState),
  total: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  createdBy: z.string(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});

export const jobSchema = jobRowSchema.extend({
  description: z.string(),
  throttle: throttleSchema.nullable(),
  selectionKind: z.enum(["search", "devices"]),
  expanded: z.boolean(),
  stopReason: z.string().nullable(),
});
