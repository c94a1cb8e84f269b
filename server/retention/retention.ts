// Retention: history tables grow with every Inform (one InformEvent each) and every session, so old
// rows are deleted: inform events after RETENTION_INFORM_DAYS (whole day partitions dropped once the
// day's end is past the cutoff, so kept up to a day longer; rows in the DEFAULT partition deleted like
// the other tables: ./inform-partitions.ts), device events and faults after
// RETENTION_EVENT_DAYS, finished tasks after RETENTION_TASK_DAYS (by completion). Deletion runs in
// bounded batches, each its own short statement, so a run never holds locks for long and a backlog
// (first run on an old database) is worked off over several runs instead of in one huge transaction.
// Digest nonce-counts (replay protection) are deleted once their nonce's life is over; transfer grants
// a day after they expired; the store's files whose row is gone (server/firmware/orphan-files.ts).
import { db } from "../db";
import { deleteExpiredNonces } from "../devices/digest-nonces";
import { settings } from "../env";
import { sweepOrphanFiles } from "../firmware/orphan-files";
import { logger } from "../logger";
import { DEFAULT_PARTITION, dropInformPartitionsBefore } from "./inform-partitions";

/** Rows per DELETE statement. */
export const RETENTION_BATCH = 5_000;
/** Statements per table per run: at most 1,000,000 rows per table and run (hourly). */
export const RETENTION_MAX_STATEMENTS = 200;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionResult {
  /** Rows deleted from the DEFAULT partition of InformEvent. */
  informEvents: number;
  /** Day partitions of InformEvent dropped whole. */
  informPartitions: number;
  deviceEvents: number;
  deviceFaults: number;
  tasks: number;
  digestNonces: number;
  fileGrants: number;
  orphanFiles: number;
  /** False when a table hit the per-run statement cap: the rest goes at the next run. */
  complete: boolean;
}

export interface RetentionDays {
  informDays: number;
  eventDays: number;
  taskDays: number;
}

/**
 * Append-only tables: ids grow with time, so the old rows are the first ones in primary-key order.
 * Each statement reads at most one batch from the start of the key and deletes those older than the
 * cutoff; a batch that was not entirely old means the young rows have been reached.
 */
const oldestFirst = (table: string, time: string): string =>
  `DELETE FROM "${table}" WHERE id IN (
     SELECT id FROM (SELECT id, "${time}" AS t FROM "${table}" ORDER BY id LIMIT ${RETENTION_BATCH}) head
      WHERE head.t < $1::timestamp)`;

/** Tasks finish in any order: found through the (state, completedAt) index instead. */
const FINISHED_TASKS = `DELETE FROM "Task" WHERE id IN (
  SELECT id FROM "Task" WHERE state IN ('done', 'fault', 'cancelled', 'expired') AND "completedAt" < $1::timestamp
   LIMIT ${RETENTION_BATCH})`;

/** Transfer credentials a day past their expiry (kept that long to explain a late CPE's 401). */
const EXPIRED_GRANTS = `DELETE FROM "FileGrant" WHERE id IN (
  SELECT id FROM "FileGrant" WHERE "expiresAt" < $1::timestamp LIMIT ${RETENTION_BATCH})`;

/** Delete what is past its age at `now`. */
export async function runRetention(
  now = new Date(),
  days: RetentionDays = configuredDays(),
): Promise<RetentionResult> {
  const before = (d: number): string => new Date(now.getTime() - d * DAY_MS).toISOString();
  const informPartitions = await dropInformPartitionsBefore(new Date(before(days.informDays)));
  const informs = await deleteInBatches(
    oldestFirst(DEFAULT_PARTITION, "receivedAt"),
    before(days.informDays),
  );
  const events = await deleteInBatches(oldestFirst("DeviceEvent", "receivedAt"), before(days.eventDays));
  const faults = await deleteInBatches(oldestFirst("DeviceFault", "at"), before(days.eventDays));
  const tasks = await deleteInBatches(FINISHED_TASKS, before(days.taskDays));
  const nonces = await batches(() => deleteExpiredNonces(now, RETENTION_BATCH));
  const grants = await deleteInBatches(EXPIRED_GRANTS, before(1));
  const orphanFiles = await sweepOrphanFiles(now.getTime());
  return {
    informEvents: informs.deleted,
    informPartitions: informPartitions.length,
    deviceEvents: events.deleted,
    deviceFaults: faults.deleted,
    tasks: tasks.deleted,
    digestNonces: nonces.deleted,
    fileGrants: grants.deleted,
    orphanFiles,
    complete:
      informs.complete &&
      events.complete &&
      faults.complete &&
      tasks.complete &&
      nonces.complete &&
      grants.complete,
  };
}

function deleteInBatches(statement: string, cutoff: string): Promise<{ deleted: number; complete: boolean }> {
  return batches(() => db().$executeRawUnsafe(statement, cutoff));
}

/** Run a statement deleting at most RETENTION_BATCH rows until it deletes fewer, or the cap. */
async function batches(deleteBatch: () => Promise<number>): Promise<{ deleted: number; complete: boolean }> {
  let deleted = 0;
  for (let i = 0; i < RETENTION_MAX_STATEMENTS; i++) {
    const n = await deleteBatch();
    deleted += n;
    if (n < RETENTION_BATCH) return { deleted, complete: true };
  }
  return { deleted, complete: false };
}

function configuredDays(): RetentionDays {
  const s = settings();
  return {
    informDays: s.RETENTION_INFORM_DAYS,
    eventDays: s.RETENTION_EVENT_DAYS,
    taskDays: s.RETENTION_TASK_DAYS,
  };
}

export interface RetentionLoop {
  stop(): Promise<void>;
}

/**
 * Run retention hourly in the background (first run a minute after start, so start-up is not
 * slowed). The timer is unref'd; stop() waits for a run in progress.
 */
export function startRetention(options: { intervalMs?: number; firstRunMs?: number } = {}): RetentionLoop {
  const intervalMs = options.intervalMs ?? 60 * 60 * 1000;
  const log = logger("retention");
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (delayMs: number): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runRetention()
        .then((result) => {
          const total =
            result.informEvents +
            result.informPartitions +
            result.deviceEvents +
            result.deviceFaults +
            result.tasks +
            result.digestNonces +
            result.fileGrants +
            result.orphanFiles;
          if (total > 0 || !result.complete) log.info(result, "retention: old rows deleted");
        })
        .catch((err: unknown) => log.warn({ err }, "retention run failed"))
        .finally(() => {
          running = undefined;
          schedule(intervalMs);
        });
    }, delayMs);
    timer.unref();
  };
  schedule(options.firstRunMs ?? 60_000);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
