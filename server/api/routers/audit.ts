import "server-only";
import { z } from "zod";
import { auditOperators, auditQuerySchema, listAudit } from "../../audit/queries";
import { recordId } from "../../../lib/ids";
import { createTRPCRouter, permissionProcedure } from "../trpc";

export const auditRouter = createTRPCRouter({
  list: permissionProcedure("audit.read")
    // The operator filter is an id at the boundary: bounded to int4 here, whatever the shared schema allows.
    .input(auditQuerySchema.extend({ operatorId: recordId.optional() }))
    .query(({ input }) => listAudit(input)),
  /** Who may appear in the "operator" filter. */
  operators: permissionProcedure("audit.read")
    .input(z.object({}).optional())
    .output(z.array(z.object({ id: z.number().int(), username: z.string() })))
    .query(() => auditOperators()),
});
