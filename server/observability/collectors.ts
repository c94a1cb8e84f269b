// Gauges read from the database when Prometheus scrapes. One GROUP BY per family, cached for 10 s so
// frequent scrapes (or several Prometheus servers) cannot load the database; a failed query leaves
// the family empty for that scrape instead of failing the whole /metrics answer.
import type { Gauge } from "prom-client";
import { databasePool, db } from "../db";
import { logger } from "../logger";
import { queuedSignals } from "../tasks/queued-signals";

const CACHE_MS = 10_000;
/** Running and paused waves are few; the bound keeps a scrape's label set bounded whatever happens. */
const MAX_WAVES = 50;
const WAVE_DONE = ["verified"];
const WAVE_FAILED = ["failed", "rolling_back", "rolled_back"];

interface Cached<T> {
  at: number;
  value: Promise<T>;
}

/** The last answer of `load` if younger than CACHE_MS, else a fresh one (shared by concurrent scrapes). */
function cached<T>(load: () => Promise<T>): () => Promise<T> {
  let entry: Cached<T> | undefined;
  return () => {
    const now = Date.now();
    if (!entry || now - entry.at > CACHE_MS) {
      const fresh: Cached<T> = { at: now, value: load() };
      entry = fresh;
      // A failure is not cached: the next scrape tries again.
      fresh.value.catch(() => {
        if (entry === fresh) entry = undefined;
      });
    }
    return entry.value;
  };
}

const taskCounts = cached(async () => {
  const rows = await db().task.groupBy({ by: ["state"], _count: { _all: true } });
  return rows.map((r) => ({ state: r.state, count: r._count._all }));
});

interface WaveRow {
  id: number;
  total: number;
  done: number;
  failed: number;
}

const waveProgress = cached(
  () =>
    db().$queryRaw<WaveRow[]>`
    SELECT w.id, w.total,
           count(d.id) FILTER (WHERE d.state = ANY(${WAVE_DONE}))::int AS done,
           count(d.id) FILTER (WHERE d.state = ANY(${WAVE_FAILED}))::int AS failed
    FROM "Wave" w LEFT JOIN "WaveDevice" d ON d."waveId" = w.id
    WHERE w.state IN ('running', 'paused')
    GROUP BY w.id ORDER BY w.id DESC LIMIT ${MAX_WAVES}`,
);

async function refresh(gauge: Gauge, family: string, fill: () => Promise<void>): Promise<void> {
  try {
    await fill();
  } catch (err) {
    gauge.reset();
    logger("metrics").warn({ err, family }, "metrics collection failed");
  }
}

export async function collectTasks(this: Gauge<"state">): Promise<void> {
  await refresh(this, "tasks", async () => {
    const rows = await taskCounts();
    this.reset();
    for (const r of rows) this.set({ state: r.state }, r.count);
  });
}

export async function collectWaves(this: Gauge<"wave" | "status">): Promise<void> {
  await refresh(this, "waves", async () => {
    const rows = await waveProgress();
    // Waves that finished since the last scrape disappear rather than stay at their last value.
    this.reset();
    for (const r of rows) {
      const wave = String(r.id);
      this.set({ wave, status: "targets" }, r.total);
      this.set({ wave, status: "done" }, r.done);
      this.set({ wave, status: "failed" }, r.failed);
    }
  });
}

/** The pg pool under Prisma (PostgreSQL, or the single connection to embedded PGlite). */
export function collectDatabasePool(this: Gauge<"kind">): void {
  this.reset();
  let pool;
  try {
    pool = databasePool();
  } catch {
    return; // not connected (yet, or any more): nothing to report
  }
  this.set({ kind: "total" }, pool.totalCount);
  this.set({ kind: "idle" }, pool.idleCount);
  this.set({ kind: "waiting" }, pool.waitingCount);
}

let retrySchedule: (() => number) | undefined;

/** The CWMP listener's admission control reports how far ahead its retry schedule runs (start.ts). */
export function reportRetrySchedule(source: () => number): void {
  retrySchedule = source;
}

export function collectRetrySchedule(this: Gauge): void {
  this.set(retrySchedule?.() ?? 0);
}

/** 1 while this node hears task-queued notifications (tasks/queued-listener.ts), else 0. */
export function collectTaskSignals(this: Gauge): void {
  this.set(queuedSignals().isListening ? 1 : 0);
}
