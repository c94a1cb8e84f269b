import "server-only";
import { z } from "zod";
import { auditOperators, auditQuerySchema, listAudit } from "../../audit/queries";
import { readerFor } from "../../devices/audience-visibility";
import { recordId } from "../../../lib/ids";
import type { Prisma } from "../../generated/prisma/client";
import { createTRPCRouter, permissionProcedure } from "../trpc";

// Checked as JSON at run time, typed as Prisma's JsonValue (zod's JSON type spells objects differently).
const jsonValue = z.json() as unknown as z.ZodType<Prisma.JsonValue>;

const auditPageSchema = z.object({
  rows: z.array(
    z.object({
      id: z.bigint(),
      at: z.date(),
      action: z.string(),
      target: z.string(),
      /** Secrets already masked, audience values too without audience.read (queries.ts). */
      before: jsonValue.nullable(),
      after: jsonValue.nullable(),
      deviceId: z.number().int().nullable(),
      operator: z.object({ id: z.number().int(), username: z.string(), name: z.string() }).nullable(),
      device: z.object({ id: z.number().int(), serialNumber: z.string() }).nullable(),
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const auditRouter = createTRPCRouter({
  list: permissionProcedure("audit.read")
    // The operator filter is an id at the boundary: bounded to int4 here, whatever the shared schema allows.
    .input(auditQuerySchema.extend({ operatorId: recordId.optional() }))
    .output(auditPageSchema)
    .query(({ ctx, input }) => listAudit(input, readerFor(ctx.operator.role))),
  /** Who may appear in the "operator" filter. */
  operators: permissionProcedure("audit.read")
    .input(z.object({}).optional())
    .output(z.array(z.object({ id: z.number().int(), username: z.string() })))
    .query(() => auditOperators()),
});
