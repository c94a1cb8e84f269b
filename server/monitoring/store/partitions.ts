// Time partitions of the monitoring tables: created on demand before a write lands in them (and ahead
// by the maintenance loop), dropped whole by retention. Each process remembers the partitions it has
// seen; two processes creating the same one race harmlessly (IF NOT EXISTS, duplicate errors ignored).
import { db } from "../../db";

export type PartitionedTable =
  | "audience_session"
  | "stream_interval"
  | "line_interval"
  | `stream_rollup_${"15m" | "1h" | "1d"}`
  | `line_rollup_${"15m" | "1h" | "1d"}`;

/**
 * Partition span per table: raw rows (and audience sessions) by day, 15-min rollups by week, hourly by
 * month, daily by year.
 */
export function partitionSpan(table: PartitionedTable): "day" | "week" | "month" | "year" {
  if (table.endsWith("_interval") || table === "audience_session") return "day";
  if (table.endsWith("_15m")) return "week";
  if (table.endsWith("_1h")) return "month";
  return "year";
}

/** Start of the partition holding `at` (UTC). */
export function partitionStart(table: PartitionedTable, at: Date): Date {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  switch (partitionSpan(table)) {
    case "day":
      return d;
    case "week":
      // ISO weeks start on Monday.
      return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000);
    case "month":
      return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
    case "year":
      return new Date(Date.UTC(at.getUTCFullYear(), 0, 1));
  }
}

export function partitionEnd(table: PartitionedTable, start: Date): Date {
  switch (partitionSpan(table)) {
    case "day":
      return new Date(start.getTime() + 86_400_000);
    case "week":
      return new Date(start.getTime() + 7 * 86_400_000);
    case "month":
      return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    case "year":
      return new Date(Date.UTC(start.getUTCFullYear() + 1, 0, 1));
  }
}

export function partitionName(table: PartitionedTable, start: Date): string {
  return `${table}_p${start.toISOString().slice(0, 10).replace(/-/g, "")}`;
}

const known = new Set<string>();

/** Makes sure the partitions covering every given time exist. */
export async function ensurePartitions(table: PartitionedTable, times: Iterable<Date>): Promise<void> {
  const starts = new Map<string, Date>();
  for (const t of times) {
    const start = partitionStart(table, t);
    const name = partitionName(table, start);
    if (!known.has(name)) starts.set(name, start);
  }
  for (const [name, start] of starts) {
    const end = partitionEnd(table, start);
    try {
      await db().$executeRawUnsafe(
        `CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF "${table}"
           FOR VALUES FROM ('${start.toISOString()}') TO ('${end.toISOString()}')`,
      );
    } catch (error) {
      // Another process created it between our check and our statement.
      if (!/already exists/.test(String((error as Error).message))) throw error;
    }
    known.add(name);
  }
}

/** Forget the cache (after retention dropped partitions, and in tests). */
export function forgetPartitions(): void {
  known.clear();
}
