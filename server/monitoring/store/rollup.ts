// Rollups: a bucket marked dirty by ingest is recomputed from the raw intervals once it has settled,
// idempotently (its rows deleted and the aggregate inserted in one transaction), with GROUPING SETS over
// the dimensions. Several processes may run this: each bucket is taken under a transaction-scoped
// advisory lock, and a mark made while it was recomputed survives (only the mark read is removed).
import { FLEET_KEY, UNKNOWN_KEY } from "../../../lib/monitoring/query-api";
import { DIMENSIONS, SOFTWARE_KEY_SEP } from "../../../lib/monitoring/kpis";
import { db } from "../../db";
import { ensurePartitions, type PartitionedTable } from "./partitions";
import { ROLLUP_LEVELS, deleteStaleMarks, levelMs, type RollupLevel, type SeriesKind } from "./dirty";
import {
  LINE_AGGREGATES,
  LINE_ROLLUP_SUMS,
  STREAM_AGGREGATES,
  STREAM_ROLLUP_SUMS,
  ZAP_LATERAL,
  selectList,
} from "./rollup-sql";

export interface RollupOptions {
  /** A bucket is due once unmarked for this long, or once its end is this far past (default 60 s) */
  settleMs?: number;
  /** Buckets per call (default 500) */
  limit?: number;
}

export interface RollupResult {
  recomputed: number;
  /** Buckets another process held */
  skipped: number;
}

const DIM_KEYS = [
  ["ck", 1, (a: string) => `COALESCE(${a}.channel_id::text, '${UNKNOWN_KEY}')`],
  ["mk", 2, (a: string) => `${a}.model`],
  ["sk", 3, (a: string) => `${a}.model || '${SOFTWARE_KEY_SEP}' || ${a}.software`],
  ["ak", 4, (a: string) => `COALESCE(${a}.access_node_id::text, '${UNKNOWN_KEY}')`],
  ["rk", 5, (a: string) => `COALESCE(${a}.region_id::text, '${UNKNOWN_KEY}')`],
  ["dk", 6, (a: string) => `${a}.device_id::text`],
] as const;

/**
 * The INSERT ... SELECT of one bucket ($1 start, $2 end) of a kind and level. Only the 15-minute level
 * reads the raw rows with GROUPING SETS; an hour adds up its 15-minute rows (plus the device dimension,
 * a plain GROUP BY device over the raw rows) and a day its hours, so the cost of a level is its number
 * of keys, not of rows. Distinct devices of a coarser bucket are the peak of its sub-buckets, the
 * same rule the queries apply across buckets (rollup-sql.ts).
 */
export function rollupSql(kind: SeriesKind, level: RollupLevel): string {
  const a = kind === "stream" ? "s" : "l";
  const aggregates = kind === "stream" ? STREAM_AGGREGATES : LINE_AGGREGATES;
  const sums = kind === "stream" ? STREAM_ROLLUP_SUMS : LINE_ROLLUP_SUMS;
  const columns = `(bucket, dim, key, ${aggregates.map(([c]) => c).join(", ")})`;
  const lateral = kind === "stream" ? ZAP_LATERAL : "";
  if (level !== "15m") {
    const below = level === "1h" ? "15m" : "1h";
    const fromBelow = `SELECT $1::timestamptz, r.dim, r.key, ${selectList(sums)}
      FROM ${kind}_rollup_${below} r WHERE r.bucket >= $1::timestamptz AND r.bucket < $2::timestamptz
      GROUP BY r.dim, r.key`;
    if (level === "1d") return `INSERT INTO ${kind}_rollup_1d ${columns} ${fromBelow}`;
    return `INSERT INTO ${kind}_rollup_1h ${columns} ${fromBelow}
      UNION ALL
      SELECT $1::timestamptz, ${DIMENSIONS.device}::int2, ${a}.device_id::text, ${selectList(aggregates)}
      FROM ${kind}_interval ${a} ${lateral}
      WHERE ${a}.ts >= $1::timestamptz AND ${a}.ts < $2::timestamptz GROUP BY ${a}.device_id`;
  }
  // Channels are a stream dimension; devices are rolled up hourly and daily only.
  const keys = DIM_KEYS.filter(([k]) => !(kind === "line" && k === "ck") && k !== "dk");
  const dim = `CASE ${keys.map(([k, d]) => `WHEN GROUPING(${a}.${k}) = 0 THEN ${d}`).join(" ")} ELSE 0 END`;
  const key = `COALESCE(${keys.map(([k]) => `${a}.${k}`).join(", ")}, '${FLEET_KEY}')`;
  return `INSERT INTO ${kind}_rollup_15m ${columns}
    SELECT $1::timestamptz, ${dim}, ${key}, ${selectList(aggregates)}
    FROM (SELECT x.*, ${keys.map(([k, , expr]) => `${expr("x")} AS ${k}`).join(", ")}
          FROM ${kind}_interval x WHERE x.ts >= $1::timestamptz AND x.ts < $2::timestamptz) ${a}
      ${lateral}
    GROUP BY GROUPING SETS ((), ${keys.map(([k]) => `(${a}.${k})`).join(", ")})
    HAVING count(*) > 0`;
}

/** A mark's bucket length (alias d). */
const SPAN_SQL = `CASE split_part(d.level, ':', 2) WHEN '15m' THEN interval '15 minutes'
  WHEN '1h' THEN interval '1 hour' ELSE interval '1 day' END`;
const VALID_MARKS = (["stream", "line"] as const).flatMap((k) => ROLLUP_LEVELS.map((l) => `${k}:${l}`));
const BELOW: Record<RollupLevel, RollupLevel | null> = { "15m": null, "1h": "15m", "1d": "1h" };

/**
 * Recomputes the settled dirty buckets, finer levels first; a coarser bucket waits while a finer one
 * inside it is still marked (it is built from them).
 */
export async function rollupDirtyBuckets(options: RollupOptions = {}): Promise<RollupResult> {
  const settle = Math.max(0, Math.floor(options.settleMs ?? 60_000));
  let budget = Math.min(10_000, Math.max(1, Math.floor(options.limit ?? 500)));
  await deleteStaleMarks();
  await db().$executeRawUnsafe(`DELETE FROM rollup_dirty WHERE NOT (level = ANY($1::text[]))`, VALID_MARKS);
  const result: RollupResult = { recomputed: 0, skipped: 0 };
  for (const level of ROLLUP_LEVELS) {
    if (budget <= 0) break;
    const due = await db().$queryRawUnsafe<{ level: string; bucket: Date; marked: string }[]>(
      `SELECT d.level, d.bucket, d.marked_at::text AS marked FROM rollup_dirty d
       WHERE split_part(d.level, ':', 2) = $2
         AND (d.marked_at <= now() - $1::int8 * interval '1 millisecond'
              OR d.bucket + ${SPAN_SQL} <= now() - $1::int8 * interval '1 millisecond')
         AND NOT EXISTS (SELECT 1 FROM rollup_dirty b WHERE b.level = split_part(d.level, ':', 1) || ':' || $3::text
                           AND b.bucket >= d.bucket AND b.bucket < d.bucket + ${SPAN_SQL})
       ORDER BY d.marked_at LIMIT ${budget}`,
      settle,
      level,
      BELOW[level],
    );
    budget -= due.length;
    for (const mark of due) {
      const kind = mark.level.split(":")[0] as SeriesKind;
      const done = await recompute(kind, level, new Date(mark.bucket), mark.level, mark.marked);
      if (done) result.recomputed++;
      else result.skipped++;
    }
  }
  return result;
}

async function recompute(
  kind: SeriesKind,
  level: RollupLevel,
  bucket: Date,
  mark: string,
  markedAt: string,
): Promise<boolean> {
  const table = `${kind}_rollup_${level}` as PartitionedTable;
  await ensurePartitions(table, [bucket]);
  const start = bucket.toISOString();
  const end = new Date(bucket.getTime() + levelMs(level)).toISOString();
  // Generous: a day of a large fleet is a big statement, and a rollup never blocks ingest.
  return db().$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRawUnsafe<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`,
        `${mark}|${start}`,
      );
      if (!lock?.locked) return false;
      await tx.$executeRawUnsafe(`DELETE FROM ${table} WHERE bucket = $1::timestamptz`, start);
      await tx.$executeRawUnsafe(rollupSql(kind, level), start, end);
      await tx.$executeRawUnsafe(
        `DELETE FROM rollup_dirty WHERE level = $1 AND bucket = $2::timestamptz AND marked_at <= $3::timestamptz`,
        mark,
        start,
        markedAt,
      );
      return true;
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
}
