// The page of a `parameter = value` search with more matches than the count cap (search.ts). It can be
// found two ways, and which is cheaper depends on the value's share of the fleet:
// - walk: read devices in sort order, checking each one's document, until the page is full. Cheap for a
//   value most devices share (a 18 % value fills a page of 50 within ~280 devices), but a value held by
//   1 % of a million devices means ~5,000 documents decompressed (~90 ms on the loaded reference machine).
// - collect: take every match from the key index (no document read) and sort them. Cheap for 10,000-
//   15,000 matches, but 180,000 matches visit most of the table.
// The planner's estimate of the matches (from the key index's statistics) picks one; the result is the
// same either way, only the cost differs.
import { readDb } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { DeviceSearch } from "../../lib/devices/search-query";

/**
 * Relative cost per device, measured at 1M devices on the loaded reference machine: a document checked
 * during the walk (~18 µs: fetched from TOAST and decompressed), a match collected (~3.5 µs). So a page
 * of 50 is walked when more than ~1.6 % of a million devices match.
 */
const WALK_ROW_COST = 5;
const COLLECT_ROW_COST = 1;

type ExplainRow = { "QUERY PLAN": { Plan: { "Plan Rows": number } }[] };

export interface MatchEstimate {
  /** PostgreSQL's estimate of the matching devices (the key index's statistics) */
  matches: number;
  /** and of all devices */
  devices: number;
}

/** For a `parameter = value` search on a table with statistics; undefined otherwise. */
export async function parameterEstimate(
  search: DeviceSearch,
  where: Prisma.Sql,
): Promise<MatchEstimate | undefined> {
  return search.param?.op === "eq" ? matchEstimate(where) : undefined;
}

/** The planner's estimate of the devices `where` matches; undefined for a table without statistics. */
export async function matchEstimate(where: Prisma.Sql): Promise<MatchEstimate | undefined> {
  const [table] = await readDb().$queryRaw<{ devices: number }[]>`
    SELECT GREATEST("reltuples", 0)::float8 AS "devices" FROM pg_class WHERE "oid" = '"Device"'::regclass`;
  if (!table?.devices) return undefined;
  const [explained] = await readDb().$queryRaw<ExplainRow[]>`
    EXPLAIN (FORMAT JSON) SELECT 1 FROM "Device" ${where}`;
  const matches = explained?.["QUERY PLAN"][0]?.Plan["Plan Rows"];
  return matches === undefined ? undefined : { matches, devices: table.devices };
}

/** How to read the page of a search known to match more than `cap` devices. */
export function overCapPagePlan(
  search: Pick<DeviceSearch, "page" | "pageSize">,
  estimate: MatchEstimate | undefined,
  cap: number,
): "walk" | "collect" {
  if (!estimate) return "walk";
  const matches = Math.max(estimate.matches, cap + 1);
  const walked = (search.page * search.pageSize * estimate.devices) / matches;
  return walked * WALK_ROW_COST <= matches * COLLECT_ROW_COST ? "walk" : "collect";
}

/**
 * A page read by walking the sort order, without parallel workers: the walk stops after a few hundred
 * rows (~5 ms), and starting workers cost 100-170 ms on the loaded 2-core reference machine. With
 * `timeoutMs` it fails rather than run longer (a walk started on the statistics' word).
 */
export function walkSerially<R>(query: Prisma.Sql, timeoutMs?: number): Promise<R[]> {
  return readDb().$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL max_parallel_workers_per_gather = 0`;
    if (timeoutMs !== undefined)
      await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
    return tx.$queryRaw<R[]>(query);
  });
}
