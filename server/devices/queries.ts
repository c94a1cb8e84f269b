// Read-only device listing for the console. Raw SQL because "online" compares lastInform with each
// device's own inform interval, which Prisma's typed filters cannot express. Every filter and sort key
// is an indexed column; the online predicate is paired with an index-usable lastInform lower bound.
import "server-only";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { DeviceKind } from "../generated/prisma/enums";

/** CPEs that send no PeriodicInformInterval are assumed to use the TR-069 common default. */
export const DEFAULT_INFORM_INTERVAL_S = 300;
/** Slack for clock skew and slow sessions before a device that missed two informs is called offline. */
export const ONLINE_GRACE_S = 60;
/** Longest interval the index bound assumes (24 h); a device informing less often is rare. */
const MAX_INTERVAL_FOR_BOUND_S = 86_400;

export const DEVICE_SORT_FIELDS = [
  "lastInform",
  "serialNumber",
  "productClass",
  "softwareVersion",
  "ipAddress",
] as const;
export type DeviceSortField = (typeof DEVICE_SORT_FIELDS)[number];

export interface DeviceListParams {
  search?: string;
  kind?: DeviceKind;
  online?: boolean;
  page: number;
  pageSize: number;
  sort: { field: DeviceSortField; direction: "asc" | "desc" };
  now?: Date;
}

export interface DeviceListRow {
  id: number;
  serialNumber: string;
  oui: string;
  productClass: string;
  manufacturer: string;
  kind: DeviceKind;
  modelName: string;
  softwareVersion: string;
  ipAddress: string | null;
  lastInform: Date | null;
  online: boolean;
}

export interface DeviceListResult {
  rows: DeviceListRow[];
  total: number;
  page: number;
  pageSize: number;
}

/** The one definition of "online", shared by the filter's SQL and the displayed badge. */
export function isOnline(lastInform: Date | null, periodicInformInterval: number | null, now: Date): boolean {
  if (!lastInform) return false;
  const windowS = 2 * (periodicInformInterval ?? DEFAULT_INFORM_INTERVAL_S) + ONLINE_GRACE_S;
  return now.getTime() - lastInform.getTime() < windowS * 1000;
}

// Prisma stores DateTime as UTC in "timestamp(3)" columns; casting the ISO text to timestamp keeps UTC.
const at = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp`;

function whereClause(params: DeviceListParams, now: Date): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  const search = params.search?.trim();
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(Prisma.sql`("serialNumber" ILIKE ${pattern} OR "ipAddress" ILIKE ${pattern}
      OR "macAddress" ILIKE ${pattern} OR "subscriberId" ILIKE ${pattern})`);
  }
  if (params.kind) conditions.push(Prisma.sql`"kind" = ${params.kind}::"DeviceKind"`);
  const onlineExpr = Prisma.sql`("lastInform" > ${at(now)} - make_interval(secs => 2 * COALESCE("periodicInformInterval", ${DEFAULT_INFORM_INTERVAL_S}) + ${ONLINE_GRACE_S}))`;
  if (params.online === true) {
    const bound = new Date(now.getTime() - (2 * MAX_INTERVAL_FOR_BOUND_S + ONLINE_GRACE_S) * 1000);
    conditions.push(Prisma.sql`"lastInform" > ${at(bound)} AND ${onlineExpr}`);
  } else if (params.online === false) {
    conditions.push(Prisma.sql`("lastInform" IS NULL OR NOT ${onlineExpr})`);
  }
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}

function orderClause(sort: DeviceListParams["sort"]): Prisma.Sql {
  // The field comes from DEVICE_SORT_FIELDS (validated by zod), so quoting it raw is safe.
  const column = Prisma.raw(`"${sort.field}"`);
  const direction = Prisma.raw(sort.direction === "asc" ? "ASC NULLS FIRST" : "DESC NULLS LAST");
  return Prisma.sql`ORDER BY ${column} ${direction}, "id" ${Prisma.raw(sort.direction === "asc" ? "ASC" : "DESC")}`;
}

type RawRow = Omit<DeviceListRow, "online"> & { periodicInformInterval: number | null };

export async function listDevices(params: DeviceListParams): Promise<DeviceListResult> {
  const now = params.now ?? new Date();
  const where = whereClause(params, now);
  const offset = (params.page - 1) * params.pageSize;
  const [rows, counted] = await Promise.all([
    db().$queryRaw<RawRow[]>`
      SELECT "id", "serialNumber", "oui", "productClass", "manufacturer", "kind"::text AS "kind", "modelName",
             "softwareVersion", "ipAddress", "lastInform", "periodicInformInterval"
      FROM "Device" ${where} ${orderClause(params.sort)}
      LIMIT ${params.pageSize} OFFSET ${offset}`,
    db().$queryRaw<{ total: number }[]>`SELECT count(*)::int AS "total" FROM "Device" ${where}`,
  ]);
  return {
    rows: rows.map(({ periodicInformInterval, ...row }) => ({
      ...row,
      online: isOnline(row.lastInform, periodicInformInterval, now),
    })),
    total: counted[0]?.total ?? 0,
    page: params.page,
    pageSize: params.pageSize,
  };
}
