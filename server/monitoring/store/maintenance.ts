// The store's background work: partitions created ahead of the data, dirty rollup buckets recomputed,
// and retention applied by dropping whole partitions (no row-by-row deletes on the big tables). The
// same SQL on PGlite and PostgreSQL; several processes may run it (rollups lock per bucket, DDL is
// IF EXISTS / IF NOT EXISTS).
import { startPollLoop } from "../../core/poll-loop";
import { db } from "../../db";
import { settings } from "../../env";
import { logger } from "../../logger";
import {
  ensurePartitions,
  forgetPartitions,
  partitionEnd,
  partitionStart,
  type PartitionedTable,
} from "./partitions";
import { rollupDirtyBuckets } from "./rollup";
import { deleteStaleMarks } from "./dirty";

const DAY = 86_400_000;
const RAW: PartitionedTable[] = ["stream_interval", "line_interval"];
const ROLLUPS = ["15m", "1h", "1d"] as const;

/** Each table's retention in days (settings). */
export function retentionDays(table: PartitionedTable): number {
  const s = settings();
  if (table.endsWith("_interval")) return s.MONITORING_RAW_DAYS;
  if (table.endsWith("_15m")) return s.MONITORING_15M_DAYS;
  if (table.endsWith("_1h")) return s.MONITORING_1H_DAYS;
  return s.MONITORING_1D_DAYS;
}

/** Raw partitions for today and the next two days; rollup partitions for the current and next span. */
export async function ensurePartitionsAhead(now = new Date()): Promise<void> {
  for (const table of RAW) {
    await ensurePartitions(
      table,
      [0, 1, 2].map((d) => new Date(now.getTime() + d * DAY)),
    );
  }
  for (const kind of ["stream", "line"] as const) {
    for (const level of ROLLUPS) {
      const table: PartitionedTable = `${kind}_rollup_${level}`;
      const next = partitionEnd(table, partitionStart(table, now));
      await ensurePartitions(table, [now, next]);
    }
  }
}

export interface RetentionResult {
  dropped: string[];
  dirtyDeleted: number;
  cursorsDeleted: number;
}

/** Drops every partition wholly older than its table's retention; forgets stale marks and cursors. */
export async function applyRetention(now = new Date()): Promise<RetentionResult> {
  const tables: PartitionedTable[] = [
    ...RAW,
    ...ROLLUPS.flatMap((l) => [`stream_rollup_${l}`, `line_rollup_${l}`] as PartitionedTable[]),
  ];
  const dropped: string[] = [];
  for (const table of tables) {
    const horizon = now.getTime() - retentionDays(table) * DAY;
    const parts = await db().$queryRawUnsafe<{ name: string }[]>(
      `SELECT c.relname::text AS name FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
       WHERE p.relname = $1`,
      table,
    );
    for (const { name } of parts) {
      const m = /_p(\d{4})(\d{2})(\d{2})$/.exec(name);
      if (!m) continue;
      const start = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      if (partitionEnd(table, start).getTime() > horizon) continue;
      await db().$executeRawUnsafe(`DROP TABLE IF EXISTS "${name}"`);
      dropped.push(name);
    }
  }
  if (dropped.length > 0) forgetPartitions();
  const rawHorizon = now.getTime() - settings().MONITORING_RAW_DAYS * DAY;
  const dirtyDeleted = await deleteStaleMarks(now);
  // A device silent for longer than the raw retention starts over (its next report is a first one).
  const cursorsDeleted = await db().$executeRawUnsafe(
    `DELETE FROM "MetricCursor" WHERE "deviceId" IN (
       SELECT "deviceId" FROM "MetricCursor" GROUP BY 1 HAVING max("updatedAt") < $1::timestamptz)`,
    new Date(rawHorizon).toISOString(),
  );
  return { dropped, dirtyDeleted, cursorsDeleted };
}

export interface MonitoringStoreOptions {
  /** How often rollups run (default 30 s) */
  pollMs?: number;
  /** How often partitions and retention are looked at (default hourly) */
  housekeepingMs?: number;
  /** Passed to rollupDirtyBuckets */
  settleMs?: number;
}

/** Rounds of rollups per tick: bounded, so one tick never runs for ever behind a flood of marks. */
const ROUNDS = 20;

export function startMonitoringStore(options: MonitoringStoreOptions = {}): { stop(): Promise<void> } {
  const log = logger("monitoring-store");
  const housekeepingMs = options.housekeepingMs ?? 3_600_000;
  let lastHousekeeping = 0;
  const tick = async (stopped: () => boolean) => {
    if (Date.now() - lastHousekeeping >= housekeepingMs) {
      await ensurePartitionsAhead();
      const r = await applyRetention();
      if (r.dropped.length > 0) log.info({ dropped: r.dropped }, "monitoring partitions dropped");
      lastHousekeeping = Date.now();
    }
    for (let round = 0; round < ROUNDS && !stopped(); round++) {
      const r = await rollupDirtyBuckets({ settleMs: options.settleMs, limit: 200 });
      if (r.recomputed + r.skipped < 200) break;
    }
  };
  const loop = startPollLoop(options.pollMs ?? 30_000, tick, (err) =>
    log.warn({ err }, "monitoring store tick failed"),
  );
  // Partitions for today exist from the start, not only after the first poll.
  void loop.tick().catch((err: unknown) => log.warn({ err }, "monitoring store first tick failed"));
  return { stop: () => loop.stop() };
}
