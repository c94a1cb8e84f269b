// Totals over a range need no time resolution: a window read at one rollup level is split into pieces,
// each read from the coarsest rollup that covers it whole and has settled. A coarser bucket is exactly
// the sum of its sub-buckets (distinct devices: their peak, which max() keeps), so the totals are the
// same while a week by access node reads 7 daily rows per key instead of 168 hourly ones.
import type { QueryLevel } from "../../../lib/monitoring/query-api";
import { FLEET_KEY } from "../../../lib/monitoring/query-api";
import { DIMENSIONS } from "../../../lib/monitoring/kpis";
import { readDb } from "../../db";
import { ROLLUP_LEVELS, levelMs, type RollupLevel } from "../store/dirty";

export type RollupKind = "stream" | "line";

export interface Piece {
  level: RollupLevel;
  from: Date;
  to: Date;
}

/**
 * The pieces of [from, to) (from aligned on `level`'s buckets): whole coarser buckets where their
 * rollup exists (its fleet row is written in the same transaction as every other key of the bucket),
 * the rest at `level`.
 */
export async function coarsePieces(
  kind: RollupKind,
  level: Exclude<QueryLevel, "raw">,
  from: Date,
  to: Date,
): Promise<Piece[]> {
  const coarser = ROLLUP_LEVELS.slice(ROLLUP_LEVELS.indexOf(level) + 1);
  const present = await Promise.all(coarser.map((c) => settledBuckets(kind, c, from, to)));
  // Coarsest first: a level only fills the gaps the coarser ones left.
  let gaps: { from: number; to: number }[] = [{ from: from.getTime(), to: to.getTime() }];
  const pieces: Piece[] = [];
  for (let i = coarser.length - 1; i >= 0; i--) {
    const step = levelMs(coarser[i]!);
    const next: { from: number; to: number }[] = [];
    for (const gap of gaps) {
      let cursor = gap.from;
      for (const b of present[i]!) {
        if (b < gap.from || b + step > gap.to) continue;
        if (b > cursor) next.push({ from: cursor, to: b });
        pieces.push({ level: coarser[i]!, from: new Date(b), to: new Date(b + step) });
        cursor = b + step;
      }
      if (cursor < gap.to) next.push({ from: cursor, to: gap.to });
    }
    gaps = next;
  }
  for (const gap of gaps) pieces.push({ level, from: new Date(gap.from), to: new Date(gap.to) });
  return merge(pieces);
}

/**
 * Starts (ms, ascending) of the level's buckets lying whole inside [from, to) that are rolled up and
 * not marked for recomputation (a late row re-marks every level: a marked bucket may lag its parts).
 */
async function settledBuckets(kind: RollupKind, level: RollupLevel, from: Date, to: Date): Promise<number[]> {
  const step = levelMs(level);
  const first = Math.ceil(from.getTime() / step) * step;
  const last = Math.floor(to.getTime() / step) * step;
  if (first >= last) return [];
  const rows = await readDb().$queryRawUnsafe<{ bucket: Date }[]>(
    `SELECT r.bucket FROM ${kind}_rollup_${level} r
     WHERE r.dim = $1 AND r.key = $2 AND r.bucket >= $3::timestamptz AND r.bucket < $4::timestamptz
       AND NOT EXISTS (SELECT 1 FROM rollup_dirty d WHERE d.level = $5 AND d.bucket = r.bucket)
     ORDER BY r.bucket`,
    DIMENSIONS.fleet,
    FLEET_KEY,
    new Date(first).toISOString(),
    new Date(last).toISOString(),
    `${kind}:${level}`,
  );
  return rows.map((r) => new Date(r.bucket).getTime());
}

/** Adjacent pieces of one level as one range, so a statement holds a few range conditions. */
function merge(pieces: Piece[]): Piece[] {
  const sorted = [...pieces].sort((a, b) => a.from.getTime() - b.from.getTime());
  const out: Piece[] = [];
  for (const p of sorted) {
    const last = out.findLast((o) => o.level === p.level);
    if (last && last.to.getTime() === p.from.getTime()) last.to = p.to;
    else out.push({ ...p });
  }
  return out;
}

/**
 * Rows of a rollup over pieces (alias r, the columns `sums` reads plus key), as a FROM item; range
 * bounds are appended to `params`.
 */
export function piecesSource(
  kind: RollupKind,
  pieces: readonly Piece[],
  sums: readonly [string, string][],
  where: string,
  params: unknown[],
): string {
  const columns = new Set<string>(["key"]);
  for (const [, sql] of sums) for (const m of sql.matchAll(/\br\.(\w+)/g)) columns.add(m[1]!);
  const list = [...columns].join(", ");
  const byLevel = new Map<RollupLevel, Piece[]>();
  for (const p of pieces) byLevel.set(p.level, [...(byLevel.get(p.level) ?? []), p]);
  const branches = [...byLevel].map(([level, ps]) => {
    const ranges = ps.map((p) => {
      params.push(p.from.toISOString(), p.to.toISOString());
      return `(bucket >= $${params.length - 1}::timestamptz AND bucket < $${params.length}::timestamptz)`;
    });
    return `SELECT ${list} FROM ${kind}_rollup_${level} WHERE ${where} AND (${ranges.join(" OR ")})`;
  });
  return `(${branches.join("\n  UNION ALL ")}) r`;
}
