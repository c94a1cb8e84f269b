// Singleton background jobs: a job that must run on exactly one node of a cluster (bulk runner, wave
// engine, retention, rollups, webhook delivery...) runs only while this node holds its JobLease
// (lease.ts). The lease is taken at once on start when free, renewed every ttl/3, and the job is stopped
// as soon as this node can no longer prove it holds the lease: the lease was taken over, or renewals
// failed (database unreachable) until the lease's end minus a margin, measured on this node's monotonic
// clock from the moment the last successful renewal was sent (the database's expiry is at least that
// late), so the job is stopped before any other node may take it. A node that does not hold the lease
// tries again every retryMs (2 s at most); a clean stop releases it so a rolling restart hands the job over
// at once.
// The jobs' own row locks (SKIP LOCKED, per-rule advisory locks) still guard their writes: a tick in
// progress when the lease is lost finishes before the job's stop() returns.
import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import { startPollLoop } from "../core/poll-loop";
import { nodeId } from "../devices/session-locks";
import { settings } from "../env";
import { logger } from "../logger";
import { declareJob, heldInProcess, markHeld, markReleased } from "./held-jobs";
import { acquireLease, releaseLease, renewLease } from "./lease";

export interface Stoppable {
  stop(): Promise<void>;
}

export interface Singleton {
  /** Stops the job (if running here) and releases its lease. */
  stop(): Promise<void>;
  /** Whether this node holds the lease now (and so runs, or is starting, the job). */
  held(): boolean;
}

export interface SingletonOptions {
  /** Lease lifetime without renewal (default JOB_LEASE_TTL seconds). */
  ttlMs?: number;
  /** Renewal interval while held (default ttl/3). */
  renewMs?: number;
  /** Acquisition attempts while not held (default renewMs, at most 2 s: a released lease is taken soon). */
  retryMs?: number;
  /** The lease owner's name (default this node's id); tests run two owners in one process. */
  owner?: string;
  log?: Logger;
}

interface Term {
  generation: number;
  /** Monotonic ms after which this node can no longer prove it holds the lease. */
  validUntil: number;
  deadline?: NodeJS.Timeout;
  job?: Stoppable;
}

export function startSingleton(
  name: string,
  start: () => Stoppable | Promise<Stoppable>,
  options: SingletonOptions = {},
): Singleton {
  const ttlMs = options.ttlMs ?? settings().JOB_LEASE_TTL * 1000;
  const renewMs = options.renewMs ?? ttlMs / 3;
  // One cheap conditional upsert per attempt: a node stopping cleanly hands its jobs over within this.
  const retryMs = options.retryMs ?? Math.min(renewMs, 2_000);
  // Room for the job's stop() between this node's deadline and the lease's expiry in the database.
  const marginMs = ttlMs / 6;
  const owner = options.owner ?? nodeId();
  const log = (options.log ?? logger("cluster")).child({ job: name, node: owner });
  let term: Term | undefined;
  let stopped = false;
  let failing = false;
  /** The job of a lost term, stopping: the next term's job starts only after it stopped. */
  let stopping: Promise<void> = Promise.resolve();
  let wake: (() => void) | undefined;
  declareJob(name);

  const stopJob = async (t: Term): Promise<void> => {
    await t.job?.stop().catch((err: unknown) => log.error({ err }, "singleton job failed to stop"));
    markReleased(name, owner);
  };

  function lose(t: Term, reason: string): void {
    if (term !== t) return;
    term = undefined;
    clearTimeout(t.deadline);
    log.warn({ generation: t.generation, reason }, "singleton job lost: stopping it on this node");
    stopping = stopJob(t);
  }

  function extend(t: Term, sentAt: number): void {
    t.validUntil = Math.max(t.validUntil, sentAt + ttlMs - marginMs);
    clearTimeout(t.deadline);
    t.deadline = setTimeout(() => lose(t, "lease not renewed in time"), t.validUntil - performance.now());
    t.deadline.unref();
  }

  function failed(err: unknown, what: string): number {
    // Once per streak: a database outage must not log a line per attempt and job.
    if (!failing) log.warn({ err }, `singleton lease ${what} failed`);
    failing = true;
    return Math.min(renewMs, retryMs) / 2;
  }

  async function acquire(): Promise<number> {
    await stopping;
    if (stopped) return 0;
    const sentAt = performance.now();
    const generation = await acquireLease(name, owner, ttlMs, !heldInProcess(name, owner));
    failing = false;
    if (generation === undefined) return retryMs;
    const t: Term = { generation, validUntil: sentAt };
    extend(t, sentAt);
    // Stopped meanwhile, or the answer came too late to prove anything: hand it back.
    if (stopped || performance.now() >= t.validUntil) {
      clearTimeout(t.deadline);
      await releaseLease(name, owner, generation);
      return retryMs;
    }
    term = t;
    markHeld(name, owner);
    log.info({ generation }, "singleton job acquired: running it on this node");
    try {
      const job = await start();
      t.job = job;
      // Lost (or stopped) while starting: the loss could not stop a job it did not have yet.
      if (term !== t) await job.stop();
    } catch (err) {
      log.error({ err }, "singleton job failed to start");
      lose(t, "start failed");
      await releaseLease(name, owner, generation).catch(() => undefined);
    }
    return renewMs;
  }

  async function renew(t: Term): Promise<number> {
    const sentAt = performance.now();
    const renewed = await renewLease(name, owner, t.generation, ttlMs);
    failing = false;
    if (term !== t) return 0;
    if (!renewed) {
      lose(t, "lease taken over");
      return retryMs;
    }
    extend(t, sentAt);
    return renewMs;
  }

  async function run(): Promise<void> {
    while (!stopped) {
      const t = term;
      const delayMs = await (t ? renew(t) : acquire()).catch((err: unknown) =>
        failed(err, t ? "renewal" : "acquisition"),
      );
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        timer.unref();
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
  // The first acquisition starts now, not after a delay: a lone node runs its jobs at once.
  const running = run();

  return {
    held: () => term !== undefined && performance.now() < term.validUntil,
    async stop() {
      stopped = true;
      wake?.();
      await running;
      const t = term;
      term = undefined;
      if (t) {
        clearTimeout(t.deadline);
        await stopJob(t);
        await releaseLease(name, owner, t.generation).then(
          () => log.info({ generation: t.generation }, "singleton job released"),
          (err: unknown) => log.warn({ err }, "singleton lease release failed (it expires by itself)"),
        );
      }
      await stopping;
    },
  };
}

/** A periodic cluster-wide sweep: `run` every everyMs (after the previous run) on the node holding `name`. */
export function startSingletonSweep(
  name: string,
  everyMs: number,
  run: () => Promise<unknown>,
  onError: (err: unknown) => void,
): Singleton {
  return startSingleton(name, () =>
    startPollLoop(
      everyMs,
      async () => {
        await run();
      },
      onError,
    ),
  );
}
