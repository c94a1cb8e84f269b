// The bulk runner: a loop on one node of a cluster at a time (singleton job, server/start.ts). Each tick
// it claims the open jobs one at a time with a row lock (FOR UPDATE SKIP LOCKED), so two processes never
// step the same job at once even when two run it (a tick finishing after a lease hand-over), and steps each.
// All state is in the database: a new runner (after a restart) carries on where the last one stopped.
import { startPollLoop, type PollLoop } from "../core/poll-loop";
import { db } from "../db";
import { logger } from "../logger";
import { notifyQueued } from "../tasks/service";
import type { StoredParams } from "../../lib/bulk/schema";
import { cancelQueuedTasks } from "./service";
import { stepJob } from "./step";

export interface BulkRunnerOptions {
  /** How often to look for work. */
  pollMs?: number;
  /** Devices expanded from a selection per step. */
  batchSize?: number;
  /** Jobs stepped per tick, at most. */
  maxJobsPerTick?: number;
  /** Devices started per job per step, at most, whatever the rate (keeps transactions short). */
  maxStartsPerStep?: number;
}

/** `tick()` runs one now (tests); resolves when it is done. */
export type BulkRunner = PollLoop;

interface Bucket {
  at: number;
  credit: number;
}

export function startBulkRunner(options: BulkRunnerOptions = {}): BulkRunner {
  const pollMs = options.pollMs ?? 1_000;
  const batchSize = options.batchSize ?? 1_000;
  const maxJobs = options.maxJobsPerTick ?? 20;
  const maxStarts = options.maxStartsPerStep ?? 500;
  const log = logger("bulk");
  // Rate credit per job (a token bucket). In memory on purpose: after a restart a job simply starts
  // with one interval's worth, which never exceeds the configured rate.
  const buckets = new Map<number, Bucket>();

  function budgetFor(jobId: number) {
    return (params: StoredParams, outstanding: number): number => {
      const now = Date.now();
      const bucket = buckets.get(jobId) ?? { at: now - pollMs, credit: 0 };
      // Credit stops accumulating at one second's worth so a stalled job does not burst afterwards.
      const { perSecond, maxOutstanding } = params.throttle;
      const credit = Math.min(bucket.credit + ((now - bucket.at) / 1000) * perSecond, Math.max(perSecond, 1));
      const allowed = Math.max(0, Math.min(Math.floor(credit), maxOutstanding - outstanding, maxStarts));
      buckets.set(jobId, { at: now, credit: credit - allowed });
      return allowed;
    };
  }

  async function tick(stopped: () => boolean): Promise<void> {
    let afterId = 0;
    for (let i = 0; i < maxJobs && !stopped(); i++) {
      const stepped = await db().$transaction(async (tx) => {
        const [claim] = await tx.$queryRaw<{ id: number }[]>`
          SELECT id FROM "BulkJob"
           WHERE id > ${afterId}
             AND (state IN ('queued', 'running')
                  OR (state IN ('cancelled', 'failed') AND "finishedAt" IS NULL))
           ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`;
        if (!claim) return null;
        const job = await tx.bulkJob.findUniqueOrThrow({ where: { id: claim.id } });
        return { id: job.id, result: await stepJob(tx, job, budgetFor(job.id), batchSize) };
      });
      if (!stepped) break;
      afterId = stepped.id;
      for (const deviceId of stepped.result.queuedDevices) notifyQueued(deviceId);
      if (stepped.result.stopped) {
        log.warn({ jobId: stepped.id, reason: stepped.result.stopped }, "bulk job stopped");
        // After the commit: the job's tasks no session has taken yet are not sent (as on cancel).
        await cancelQueuedTasks(stepped.id);
      }
      if (stepped.result.finished) {
        buckets.delete(stepped.id);
        log.info({ jobId: stepped.id }, "bulk job finished");
      }
    }
  }

  return startPollLoop(pollMs, tick, (err) => log.warn({ err }, "bulk runner tick failed"));
}
