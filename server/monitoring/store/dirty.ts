// Rollup buckets to (re)compute. Ingest marks the 15-minute, hourly and daily buckets its rows fall in;
// the rollup loop recomputes a marked bucket from the raw rows once it has settled, so late or re-sent
// data simply marks its bucket again.
import { db } from "../../db";
import { settings } from "../../env";
import { partitionStart } from "./partitions";

export const ROLLUP_LEVELS = ["15m", "1h", "1d"] as const;
export type RollupLevel = (typeof ROLLUP_LEVELS)[number];
export type SeriesKind = "stream" | "line";

const LEVEL_MS: Record<RollupLevel, number> = { "15m": 900_000, "1h": 3_600_000, "1d": 86_400_000 };

export function bucketOf(level: RollupLevel, at: Date): Date {
  return new Date(Math.floor(at.getTime() / LEVEL_MS[level]) * LEVEL_MS[level]);
}

export function levelMs(level: RollupLevel): number {
  return LEVEL_MS[level];
}

/**
 * The (level, bucket) marks for `times`, once each and sorted. Sorted because concurrent ingests of
 * different devices mark the same buckets: an upsert takes its rows' locks in input order, and two
 * reports listing shared buckets in different orders deadlocked on PostgreSQL (40P01), failing both
 * CPEs' posts.
 */
export function dirtyMarks(kind: SeriesKind, times: readonly Date[]): [level: string, bucket: string][] {
  const marks = new Set<string>();
  for (const t of times) {
    for (const level of ROLLUP_LEVELS) marks.add(`${kind}:${level}|${bucketOf(level, t).toISOString()}`);
  }
  return [...marks].sort().map((m) => m.split("|") as [string, string]);
}

/** Marks every bucket of every level the given times fall in ("stream:15m", "line:1h" ...). */
export async function markDirty(kind: SeriesKind, times: readonly Date[]): Promise<void> {
  const rows = dirtyMarks(kind, times);
  if (rows.length === 0) return;
  await db().$executeRawUnsafe(
    `INSERT INTO rollup_dirty (level, bucket)
       SELECT * FROM unnest($1::text[], $2::timestamptz[])
     ON CONFLICT (level, bucket) DO UPDATE SET marked_at = now()`,
    rows.map((r) => r[0]),
    rows.map((r) => r[1]),
  );
}

/**
 * Marks of buckets whose raw day is past the retention: recomputing them would replace a rollup by
 * the little (or nothing) left of its raw rows.
 */
export async function deleteStaleMarks(now = new Date()): Promise<number> {
  const keepFrom = partitionStart(
    "stream_interval",
    new Date(now.getTime() - settings().MONITORING_RAW_DAYS * 86_400_000),
  );
  return db().$executeRawUnsafe(
    `DELETE FROM rollup_dirty WHERE bucket < $1::timestamptz`,
    keepFrom.toISOString(),
  );
}
