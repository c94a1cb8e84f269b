// The privacy log: who ran which audience report (or export), with which filters, when. Written for every
// report the router answers; read (newest first, keyset by id) by admins (audit.read + audience.read).
import type { AudienceFilter } from "../../lib/audience/report-api";
import type { Prisma } from "../generated/prisma/client";
import { db } from "../db";

/** Counts are stored in int4 columns: clamp whatever a caller hands in. */
const clampCount = (n: number) =>
  Number.isFinite(n) ? Math.min(2_147_483_647, Math.max(0, Math.trunc(n))) : 0;

export async function logAudienceAccess(entry: {
  operatorId: number;
  report: string;
  filters: AudienceFilter | Record<string, unknown>;
  cells: number;
  suppressed: number;
}): Promise<void> {
  await db().audienceAccessLog.create({
    data: {
      operatorId: entry.operatorId,
      report: entry.report.slice(0, 100),
      // zod-parsed filters: plain JSON (strings, numbers, arrays)
      filters: JSON.parse(JSON.stringify(entry.filters)) as Prisma.InputJsonValue,
      cells: clampCount(entry.cells),
      suppressed: clampCount(entry.suppressed),
    },
  });
}

export interface AccessLogPage {
  rows: {
    id: string;
    at: string;
    operator: string | null;
    report: string;
    filters: Record<string, unknown>;
    cells: number;
    suppressed: number;
  }[];
  nextCursor: string | null;
}

/** A cursor is the last row's id; anything else starts from the newest. */
function cursorId(cursor: string | null | undefined): bigint | null {
  return cursor && /^\d{1,19}$/.test(cursor) ? BigInt(cursor) : null;
}

export async function listAudienceAccess(opts: {
  limit: number;
  cursor?: string | null;
}): Promise<AccessLogPage> {
  const limit = Math.min(200, Math.max(1, Math.trunc(opts.limit) || 50));
  const before = cursorId(opts.cursor);
  const rows = await db().audienceAccessLog.findMany({
    where: before === null ? {} : { id: { lt: before } },
    orderBy: { id: "desc" },
    take: limit + 1,
    include: { operator: { select: { username: true } } },
  });
  const page = rows.slice(0, limit);
  return {
    rows: page.map((r) => ({
      id: r.id.toString(),
      at: r.at.toISOString(),
      operator: r.operator?.username ?? null,
      report: r.report,
      filters:
        r.filters && typeof r.filters === "object" && !Array.isArray(r.filters)
          ? (r.filters as Record<string, unknown>)
          : {},
      cells: r.cells,
      suppressed: r.suppressed,
    })),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id.toString() : null,
  };
}
