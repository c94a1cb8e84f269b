// The audit log's read side: filtered, paginated, newest first. The write side is service.ts.
import "server-only";
import { z } from "zod";
import { redactSecrets } from "../datamodel/secret-parameters";
import { db } from "../db";
import {
  AUDIENCE_HIDDEN,
  visibleText,
  withoutAudience,
  WITHOUT_AUDIENCE,
  type Reader,
} from "../devices/audience-visibility";
import type { Prisma } from "../generated/prisma/client";

export const MAX_AUDIT_PAGE_SIZE = 200;

export const auditQuerySchema = z.object({
  /** Free text matched against the action and the target. */
  q: z.string().trim().max(200).optional(),
  operatorId: z.number().int().positive().optional(),
  /** "operator." matches every operator action; "device.reboot" one verb. */
  action: z.string().trim().max(100).optional(),
  /** Part of the serial number of the device acted on. */
  deviceSerial: z.string().trim().max(64).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(MAX_AUDIT_PAGE_SIZE).default(50),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;

const ROW = {
  id: true,
  at: true,
  action: true,
  target: true,
  before: true,
  after: true,
  deviceId: true,
  operator: { select: { id: true, username: true, name: true } },
  device: { select: { id: true, serialNumber: true } },
} as const satisfies Prisma.AuditLogSelect;

export type AuditRow = Prisma.AuditLogGetPayload<{ select: typeof ROW }>;

export function auditWhere(query: AuditQuery, reader: Reader = WITHOUT_AUDIENCE): Prisma.AuditLogWhereInput {
  const and: Prisma.AuditLogWhereInput[] = [];
  // A target about audience data is shown hidden: its text must not be probed by the filter either
  // ("set ...AudienceStats... = Canal" found by typing "Canal").
  const target: Prisma.AuditLogWhereInput = { target: { contains: query.q, mode: "insensitive" } };
  if (query.q)
    and.push({
      OR: [
        { action: { contains: query.q, mode: "insensitive" } },
        reader.audience
          ? target
          : { AND: [target, { NOT: { target: { contains: "audiencestats", mode: "insensitive" } } }] },
      ],
    });
  if (query.operatorId !== undefined) and.push({ operatorId: query.operatorId });
  if (query.action) and.push({ action: { startsWith: query.action } });
  if (query.deviceSerial)
    and.push({ device: { serialNumber: { contains: query.deviceSerial, mode: "insensitive" } } });
  if (query.from) and.push({ at: { gte: query.from } });
  if (query.to) and.push({ at: { lte: query.to } });
  return and.length ? { AND: and } : {};
}

export async function listAudit(
  query: AuditQuery,
  reader: Reader = WITHOUT_AUDIENCE,
): Promise<{ rows: AuditRow[]; total: number; page: number; pageSize: number }> {
  const where = auditWhere(query, reader);
  const [rows, total] = await db().$transaction([
    db().auditLog.findMany({
      where,
      select: ROW,
      // id breaks ties between rows of one transaction (same `at`).
      orderBy: [{ at: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    db().auditLog.count({ where }),
  ]);
  // Rows written before secrets were masked at write time are masked on the way out.
  const masked = rows.map((row) => ({
    ...row,
    before: redactSecrets(row.before, row.target),
    after: redactSecrets(row.after, row.target),
  }));
  return {
    rows: masked.map((row) => visibleRow(reader, row)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** An action on an audience parameter keeps its who, what and when; its target and values are hidden. */
function visibleRow(reader: Reader, row: AuditRow): AuditRow {
  if (reader.audience) return row;
  if (visibleText(reader, row.target) === AUDIENCE_HIDDEN)
    return { ...row, target: AUDIENCE_HIDDEN, before: null, after: null };
  return { ...row, before: withoutAudience(reader, row.before), after: withoutAudience(reader, row.after) };
}

/** Operators for the audit filter (audit.read may not list full accounts; names only). */
export async function auditOperators(): Promise<{ id: number; username: string }[]> {
  return db().operator.findMany({ select: { id: true, username: true }, orderBy: { username: "asc" } });
}
