// Device search: one page of a search with a bounded count, whole results walked in id order (bulk
// work, CSV export), and counts. Raw SQL because "online" compares lastInform with each device's own
// inform interval, which Prisma's typed filters cannot express (see search-sql.ts for the predicates).
import { readDb } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { DeviceKind } from "../generated/prisma/enums";
import { assertSearchable } from "./search-audience";
import { parameterColumnValues, parameterPaths, type ParameterColumnValues } from "./search-columns";
import type { DeviceFilter, DeviceSearch } from "../../lib/devices/search-query";
import { collectsColumnMatches, filtersSummaryColumn, walksWithoutWorkers } from "./search-column-page";
import { matchEstimate, overCapPagePlan, parameterEstimate, walkSerially } from "./search-parameter-page";
import { LAST_INFORM_OF_ROW, isOnline, orderClause, pageSource, whereClause } from "./search-sql";

/**
 * Counting every match of a broad search over a million devices costs a full scan; the list page
 * counts up to this many and says "10,000+" beyond.
 */
export const SEARCH_COUNT_CAP = 10_000;

export interface DeviceListRow {
  id: number;
  serialNumber: string;
  oui: string;
  productClass: string;
  manufacturer: string;
  kind: DeviceKind;
  modelName: string;
  softwareVersion: string;
  hardwareVersion: string;
  ipAddress: string | null;
  macAddress: string | null;
  subscriberId: string | null;
  tags: string[];
  lastInform: Date | null;
  online: boolean;
  /** The first full read failed (fullReadFailedAt set): the summary may be wrong until a retry. */
  bootstrapIncomplete: boolean;
  /** Values of the search's parameter-path columns (none by default). */
  params: ParameterColumnValues;
}

export interface DeviceSearchResult {
  rows: DeviceListRow[];
  /** Matching devices, exact unless `capped` (then at least this many). */
  total: number;
  capped: boolean;
  page: number;
  pageSize: number;
}

type RawRow = Omit<DeviceListRow, "online" | "params"> & { periodicInformInterval: number | null };
type PageSource = ReturnType<typeof pageSource>;

/** A RawRow's columns, the last inform read as `lastInform` says (DeviceLastInform's, see search-sql.ts). */
const columns = (lastInform: Prisma.Sql) => Prisma.sql`"id", "serialNumber", "oui", "productClass",
  "manufacturer", "kind"::text AS "kind", "modelName", "softwareVersion", "hardwareVersion", "ipAddress",
  "macAddress", "subscriberId", "tags", ${lastInform} AS "lastInform", "periodicInformInterval",
  ("fullReadFailedAt" IS NOT NULL) AS "bootstrapIncomplete"`;
/** The list rows, with the parameter columns' values read for just these devices. */
async function toRows(
  raw: RawRow[],
  now: Date,
  columns: readonly string[] | undefined,
): Promise<DeviceListRow[]> {
  const values = await parameterColumnValues(
    raw.map((r) => r.id),
    parameterPaths(columns),
  );
  return raw.map(({ periodicInformInterval, ...row }) => ({
    ...row,
    online: isOnline(row.lastInform, periodicInformInterval, now),
    params: values.get(row.id) ?? {},
  }));
}

async function boundedCount(where: Prisma.Sql, cap: number | undefined): Promise<number> {
  const limit = cap === undefined ? Prisma.empty : Prisma.sql`LIMIT ${cap + 1}`;
  const counted = await readDb().$queryRaw<{ total: number }[]>`
    SELECT count(*)::int AS "total" FROM (SELECT 1 FROM "Device" ${where} ${limit}) AS matched`;
  return counted[0]?.total ?? 0;
}

/** Filters whose matches PostgreSQL cannot estimate and which usually match few devices. */
const selective = (filter: DeviceFilter): boolean =>
  Boolean(
    filter.q?.trim() ||
    filter.param ||
    filter.faultCode !== undefined ||
    filter.faultTask ||
    filter.faultDays !== undefined,
  );

/**
 * Free text and parameter = value usually match few devices, but PostgreSQL cannot estimate ILIKE
 * '%…%' or jsonb @> and tends to walk the sort order's index testing every row (seen at 1M devices: 8 s
 * for one serial, 19 s for one parameter value). Materialising the matches first (bitmap index scans)
 * and sorting them is ~1 ms; for parameter = value the index is exact, so even 10,001 matches of a
 * common value are collected without reading a document (~35 ms at 1M devices). Past the cap the
 * ordinary plan is fast instead, as matches are dense along the index; `overCap` then saves counting
 * again. Only the matches' ids and sort key are kept; the page's rows are read after (pageOfMatches).
 */
async function searchMatchesFirst(
  search: DeviceSearch,
  rowWhere: Prisma.Sql,
  cap: number | undefined,
): Promise<{ raw: RawRow[]; total: number } | { overCap: true } | undefined> {
  const offset = (search.page - 1) * search.pageSize;
  const limit = cap === undefined ? Prisma.empty : Prisma.sql`LIMIT ${cap + 1}`;
  const sortKey =
    search.sort === "lastInform"
      ? Prisma.empty
      : Prisma.raw(search.sort === "kind" ? `, "kind"::text AS "kind"` : `, "${search.sort}"`);
  const rows = await readDb().$queryRaw<(RawRow & { total: number })[]>`
    WITH matched AS MATERIALIZED (SELECT "id"${sortKey} FROM "Device" ${rowWhere} ${limit}),
    counted AS (SELECT count(*)::int AS n FROM matched),
    page AS (${pageOfMatches(search, offset)})
    SELECT ${columns(LAST_INFORM_OF_ROW)}, (SELECT n FROM counted) AS "total"
      FROM "Device" WHERE "id" IN (SELECT "id" FROM page) ${orderClause(search)}`;
  const total = rows[0]?.total ?? (offset === 0 ? 0 : undefined);
  if (total === undefined) return undefined;
  if (cap !== undefined && total > cap) return { overCap: true };
  return { raw: rows.map(({ total: _total, ...row }) => row), total };
}

/**
 * Up to this many matches, sorting them by last inform looks each one's up by key; past it, the page
 * walks DeviceLastInform's (informedAt, deviceId) index newest first and keeps the rows that are
 * matches, stopping at the page's end. A lookup costs about as much as ~4 index entries walked, and at
 * n matches of 1M devices a page of 50 walks ~50 × 1M / n of them: the walk wins past a few thousand
 * (15,911 matches at 1M devices: the lookups 35 ms, the walk 3,501 entries in 3 ms). The IN is wrapped
 * in IS TRUE so that PostgreSQL keeps it a filter on the walk (a hashed subplan) instead of making it
 * a join, which it would run as those lookups.
 */
const LOOKED_UP_MATCHES = 2_000;

/** The ids of the page's matches (`matched`, `counted` in scope), in the search's order. */
function pageOfMatches(search: DeviceSearch, offset: number): Prisma.Sql {
  const page = Prisma.sql`LIMIT ${search.pageSize} OFFSET ${offset}`;
  if (search.sort !== "lastInform")
    return Prisma.sql`SELECT "id" FROM matched ${orderClause(search)} ${page}`;
  const dir = Prisma.raw(search.dir === "asc" ? "ASC" : "DESC");
  return Prisma.sql`(SELECT "id" FROM matched WHERE (SELECT n FROM counted) <= ${LOOKED_UP_MATCHES}
      ORDER BY ${LAST_INFORM_OF_ROW} ${dir}, "id" ${dir} ${page})
    UNION ALL
    (SELECT "deviceId" FROM "DeviceLastInform" WHERE (SELECT n FROM counted) > ${LOOKED_UP_MATCHES}
        AND ("deviceId" IN (SELECT "id" FROM matched)) IS TRUE
      ORDER BY "informedAt" ${dir}, "deviceId" ${dir} ${page})`;
}

/** One page of a search, newest inform first by default, with a count bounded by SEARCH_COUNT_CAP. */
export async function searchDevices(
  search: DeviceSearch,
  opts: { now?: Date; countCap?: number } = {},
): Promise<DeviceSearchResult> {
  assertSearchable(search, search.columns);
  const now = opts.now ?? new Date();
  const cap = opts.countCap ?? SEARCH_COUNT_CAP;
  // Counts and estimates; the matches materialised first; the page read straight from the table.
  const where = whereClause(search, now);
  const rowWhere = whereClause(search, now, [], "indexed", "row");
  const source = pageSource(search, now);
  const pageQuery = (s: PageSource) => Prisma.sql`
    SELECT ${columns(s.lastInform)} FROM ${s.from} ${s.where} ${s.order}
    LIMIT ${search.pageSize} OFFSET ${(search.page - 1) * search.pageSize}`;
  const result = async (raw: RawRow[], total: number, capped: boolean): Promise<DeviceSearchResult> => ({
    rows: await toRows(raw, now, search.columns),
    total,
    capped,
    page: search.page,
    pageSize: search.pageSize,
  });
  const ordinary = async () => {
    const [raw, counted] = await Promise.all([
      walksWithoutWorkers(search)
        ? walkSerially<RawRow>(pageQuery(source))
        : readDb().$queryRaw<RawRow[]>(pageQuery(source)),
      boundedCount(where, cap),
    ]);
    return result(raw, Math.min(counted, cap), counted > cap);
  };
  if (!selective(search)) {
    // A rare release: its few matches collected and sorted beat walking the sort order past the rest.
    if (filtersSummaryColumn(search) && collectsColumnMatches(search, await matchEstimate(where), cap)) {
      const found = await searchMatchesFirst(search, rowWhere, cap);
      if (found && "raw" in found) return result(found.raw, found.total, false);
    }
    return ordinary();
  }
  // Past the cap, matches are dense along the sort order (search-parameter-page.ts): each row walked is
  // checked against its document, cheaper there than computing its parameter keys (ParameterMatch).
  const estimate = await parameterEstimate(search, where);
  const walk = (timeoutMs?: number) =>
    walkSerially<RawRow>(pageQuery(pageSource(search, now, "document")), timeoutMs);
  // Every match, sorted: the exact total comes with it.
  const collect = async () => {
    const all = await searchMatchesFirst(search, rowWhere, undefined);
    return all && "raw" in all ? result(all.raw, Math.min(all.total, cap), all.total > cap) : ordinary();
  };
  const walks = overCapPagePlan(search, estimate, cap) === "walk";
  if (estimate && estimate.matches > cap && !walks) return collect();
  if (estimate && estimate.matches > 2 * cap) {
    // A value the statistics say most devices share: count it (no rows kept, no sort) while walking.
    // Should the statistics be wrong, the walk gives up after a second (walkSerially) and is not used.
    const [counted, walked] = await Promise.all([
      boundedCount(where, cap),
      walk(1_000).catch(() => undefined),
    ]);
    if (counted > cap) return walked ? result(walked, cap, true) : collect();
  }
  const found = await searchMatchesFirst(search, rowWhere, cap);
  if (found && "raw" in found) return result(found.raw, found.total, false);
  // undefined: a page past the last match, whose total the materialised query cannot tell.
  if (!found) return ordinary();
  return walks ? result(await walk(), cap, true) : collect();
}

/** How many devices match; exact unless a cap is given (then at most cap + 1). */
export async function countDevices(
  filter: DeviceFilter,
  opts: { now?: Date; cap?: number } = {},
): Promise<number> {
  assertSearchable(filter);
  return boundedCount(whereClause(filter, opts.now ?? new Date()), opts.cap);
}

/**
 * Matching rows in id order, `select`ed (the last inform as LAST_INFORM_OF_ROW). Free text is
 * materialised first for the reason given at searchMatchesFirst: ordered by the primary key, the
 * planner would otherwise test every row.
 */
function inIdOrder<R>(
  filter: DeviceFilter,
  now: Date,
  afterId: number,
  select: Prisma.Sql,
  limit: number,
): Promise<R[]> {
  const after = [Prisma.sql`"id" > ${afterId}`];
  if (selective(filter)) {
    return readDb().$queryRaw<R[]>`
      WITH matched AS MATERIALIZED (
        SELECT ${select} FROM "Device" ${whereClause(filter, now, after, "indexed", "row")})
      SELECT * FROM matched ORDER BY "id" LIMIT ${limit}`;
  }
  return readDb().$queryRaw<R[]>`
    SELECT ${select} FROM "Device" ${whereClause(filter, now, after)} ORDER BY "id" LIMIT ${limit}`;
}

/** Ids of the matching devices in ascending order after `afterId`: walk a whole result in batches. */
export async function findDeviceIds(
  filter: DeviceFilter,
  opts: { afterId?: number; limit: number; now?: Date },
): Promise<number[]> {
  const now = opts.now ?? new Date();
  const rows = await inIdOrder<{ id: number }>(filter, now, opts.afterId ?? 0, Prisma.sql`"id"`, opts.limit);
  return rows.map((r) => r.id);
}

/**
 * Matching devices with their list columns (and the values of `columns`' parameter paths), in id
 * order, batch by batch, at most `max` in all.
 */
export async function* iterateDevices(
  filter: DeviceFilter,
  opts: { max: number; batchSize?: number; now?: Date; columns?: readonly string[] },
): AsyncGenerator<DeviceListRow[]> {
  const now = opts.now ?? new Date();
  const batchSize = opts.batchSize ?? 1_000;
  const rows = columns(LAST_INFORM_OF_ROW);
  let afterId = 0;
  let left = opts.max;
  while (left > 0) {
    const raw = await inIdOrder<RawRow>(filter, now, afterId, rows, Math.min(batchSize, left));
    if (raw.length === 0) return;
    yield await toRows(raw, now, opts.columns);
    left -= raw.length;
    afterId = raw[raw.length - 1]?.id ?? afterId;
    if (raw.length < batchSize) return;
  }
}
