import "server-only";
import { z } from "zod";
import { auditOperators, auditQuerySchema, listAudit } from "../../audit/queries";
import { createTRPCRouter, permissionProcedure } from "../trpc";

export const auditRouter = createTRPCRouter({
  list: permissionProcedure("audit.read")
    .input(auditQuerySchema)
    .query(({ input }) => listAudit(input)),
  /** Who may appear in the "operator" filter. */
  operators: permissionProcedure("audit.read")
    .input(z.object({}).optional())
    .query(() => auditOperators()),
});
