// Rollups: a bucket marked dirty by ingest is recomputed from the raw intervals once it has settled,
// idempotently (its rows deleted and the aggregate inserted in one transaction), with GROUPING SETS over
// the dimensions. Several processes may run this: each bucket is taken under a transaction-scoped
// advisory lock, and a mark made while it was recomputed survives (only the mark read is removed).
import { FLEET_KEY, UNKNOWN_KEY } from "../../../lib/monitoring/query-api";
import { SOFTWARE_KEY_SEP } from "../../../lib/monitoring/kpis";
import { db } from "../../db";
import { ensurePartitions, type PartitionedTable } from "./partitions";
import { ROLLUP_LEVELS, deleteStaleMarks, levelMs, type RollupLevel, type SeriesKind } from "./dirty";
import { LINE_AGGREGATES, STREAM_AGGREGATES, ZAP_LATERAL, selectList } from "./rollup-sql";

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

/** The INSERT ... SELECT of one bucket ($1 start, $2 end) of a kind and level. */
export function rollupSql(kind: SeriesKind, level: RollupLevel): string {
  const a = kind === "stream" ? "s" : "l";
  // Channels are a stream dimension; devices are rolled up hourly and daily only.
  const keys = DIM_KEYS.filter(([k]) => !(kind === "line" && k === "ck") && !(level === "15m" && k === "dk"));
  const aggregates = kind === "stream" ? STREAM_AGGREGATES : LINE_AGGREGATES;
  const dim = `CASE ${keys.map(([k, d]) => `WHEN GROUPING(${a}.${k}) = 0 THEN ${d}`).join(" ")} ELSE 0 END`;
  const key = `COALESCE(${keys.map(([k]) => `${a}.${k}`).join(", ")}, '${FLEET_KEY}')`;
  return `INSERT INTO ${kind}_rollup_${level} (bucket, dim, key, ${aggregates.map(([c]) => c).join(", ")})
    SELECT $1::timestamptz, ${dim}, ${key}, ${selectList(aggregates)}
    FROM (SELECT x.*, ${keys.map(([k, , expr]) => `${expr("x")} AS ${k}`).join(", ")}
          FROM ${kind}_interval x WHERE x.ts >= $1::timestamptz AND x.ts < $2::timestamptz) ${a}
      ${kind === "stream" ? ZAP_LATERAL : ""}
    GROUP BY GROUPING SETS ((), ${keys.map(([k]) => `(${a}.${k})`).join(", ")})
    HAVING count(*) > 0`;
}

const SPAN_SQL = `CASE split_part(level, ':', 2) WHEN '15m' THEN interval '15 minutes'
  WHEN '1h' THEN interval '1 hour' ELSE interval '1 day' END`;

/** Recomputes the settled dirty buckets, oldest mark first. */
export async function rollupDirtyBuckets(options: RollupOptions = {}): Promise<RollupResult> {
  const settle = Math.max(0, Math.floor(options.settleMs ?? 60_000));
  const limit = Math.min(10_000, Math.max(1, Math.floor(options.limit ?? 500)));
  await deleteStaleMarks();
  const due = await db().$queryRawUnsafe<{ level: string; bucket: Date; marked: string }[]>(
    `SELECT level, bucket, marked_at::text AS marked FROM rollup_dirty
     WHERE marked_at <= now() - $1::int8 * interval '1 millisecond'
        OR bucket + ${SPAN_SQL} <= now() - $1::int8 * interval '1 millisecond'
     ORDER BY marked_at LIMIT ${limit}`,
    settle,
  );
  const result: RollupResult = { recomputed: 0, skipped: 0 };
  for (const mark of due) {
    const [kind, level] = mark.level.split(":") as [SeriesKind, RollupLevel];
    if ((kind !== "stream" && kind !== "line") || !ROLLUP_LEVELS.includes(level)) {
      await db().$executeRawUnsafe(`DELETE FROM rollup_dirty WHERE level = $1`, mark.level);
      continue;
    }
    const done = await recompute(kind, level, new Date(mark.bucket), mark.level, mark.marked);
    if (done) result.recomputed++;
    else result.skipped++;
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
  return db().$transaction(async (tx) => {
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
  });
}
