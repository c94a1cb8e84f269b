// REST audit log (audit.read): the console's filters, newest first, cursor pages over the console's
// numbered pages. Audience values hidden per the token's role exactly as in the console (readerFor).
import "server-only";
import { z } from "zod";
import { INT4_MAX } from "../../../../lib/ids";
import { listAudit, MAX_AUDIT_PAGE_SIZE } from "../../../audit/queries";
import { readerFor } from "../../../devices/audience-visibility";
import type { Prisma } from "../../../generated/prisma/client";
import { decodeCursor, encodeCursor, pageOf } from "../pagination";
import { apiProcedure, createApiRouter } from "../trpc";

const TAGS = ["audit"];

const jsonValue = z.json() as unknown as z.ZodType<Prisma.JsonValue>;

const auditEntrySchema = z
  .object({
    id: z.string().describe("The row's id (a 64-bit integer, as a string)"),
    at: z.date(),
    action: z.string(),
    target: z.string(),
    before: jsonValue.nullable(),
    after: jsonValue.nullable(),
    deviceId: z.number().int().nullable(),
    operator: z.object({ id: z.number().int(), username: z.string(), name: z.string() }).nullable(),
    device: z.object({ id: z.number().int(), serialNumber: z.string() }).nullable(),
  })
  .meta({ id: "AuditEntry" });

const pageKey = z.number().int().min(2).max(1_000_000);

export const auditRoutes = createApiRouter({
  list: apiProcedure("audit.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/audit",
        tags: TAGS,
        summary: "List audit log entries, newest first, with the console's filters",
        protect: true,
      },
    })
    .input(
      z.object({
        limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE_SIZE).default(50),
        cursor: z.string().max(200).optional().describe("The nextCursor of the previous page"),
        q: z.string().trim().max(200).optional().describe("Text matched against the action and the target"),
        operatorId: z.coerce.number().int().min(1).max(INT4_MAX).optional(),
        action: z
          .string()
          .trim()
          .max(100)
          .optional()
          .describe('Action prefix ("operator." or "device.reboot")'),
        deviceSerial: z.string().trim().max(64).optional().describe("Part of the device's serial number"),
        from: z.coerce.date().optional(),
        to: z.coerce.date().optional(),
      }),
    )
    .output(pageOf(auditEntrySchema))
    .query(async ({ ctx, input }) => {
      const { limit, cursor, ...filters } = input;
      const page = decodeCursor(cursor, pageKey) ?? 1;
      const res = await listAudit({ ...filters, page, pageSize: limit }, readerFor(ctx.principal.actor.role));
      return {
        items: res.rows.map((r) => ({ ...r, id: r.id.toString() })),
        nextCursor: page * limit < res.total && res.rows.length > 0 ? encodeCursor(page + 1) : null,
      };
    }),
});
