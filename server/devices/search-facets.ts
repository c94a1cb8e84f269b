// Distinct values for the search form's dropdowns, so operators pick instead of type. PostgreSQL 15
// has no index skip scan, so SELECT DISTINCT would read a whole index; the recursive "loose index
// scan" below jumps from one value to the next, one index probe per distinct value.
import { readDb } from "../db";
import { Prisma } from "../generated/prisma/client";

export const FACET_COLUMNS = ["manufacturer", "oui", "productClass", "softwareVersion"] as const;
export type FacetColumn = (typeof FACET_COLUMNS)[number];
export type DeviceFacets = Record<FacetColumn, string[]>;

/** A fleet's models and versions change with rollouts, not by the second. */
const CACHE_MS = 30_000;
/** Enough for any real fleet's catalogue; bounds the work if a column is unexpectedly diverse. */
const MAX_VALUES = 500;

let cached: { at: number; facets: Promise<DeviceFacets> } | undefined;

async function distinctValues(column: FacetColumn): Promise<string[]> {
  // The column name comes from FACET_COLUMNS, so quoting it raw is safe.
  const col = Prisma.raw(`"${column}"`);
  const rows = await readDb().$queryRaw<{ value: string }[]>`
    WITH RECURSIVE v(value, n) AS (
      (SELECT ${col}, 1 FROM "Device" ORDER BY ${col} LIMIT 1)
      UNION ALL
      SELECT (SELECT ${col} FROM "Device" WHERE ${col} > v.value ORDER BY ${col} LIMIT 1), v.n + 1
      FROM v WHERE v.value IS NOT NULL AND v.n < ${MAX_VALUES}
    )
    SELECT value FROM v WHERE value IS NOT NULL AND value <> ''`;
  return rows.map((r) => r.value);
}

async function loadFacets(): Promise<DeviceFacets> {
  const entries = await Promise.all(FACET_COLUMNS.map(async (c) => [c, await distinctValues(c)] as const));
  return Object.fromEntries(entries) as DeviceFacets;
}

/** Distinct manufacturers, OUIs, product classes and software versions, cached for CACHE_MS. */
export function deviceFacets(now = Date.now()): Promise<DeviceFacets> {
  if (!cached || now - cached.at > CACHE_MS) {
    const facets = loadFacets();
    cached = { at: now, facets };
    // A failed load must not be served from the cache.
    facets.catch(() => {
      if (cached?.facets === facets) cached = undefined;
    });
  }
  return cached.facets;
}

/** Tests and imports that change the catalogue can drop the cache. */
export function clearFacetCache(): void {
  cached = undefined;
}
