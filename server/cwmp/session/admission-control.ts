// Back-pressure for boot storms. After a regional power cut every box informs at once; a node that
// opened a session for each would queue them all on its database pool and answer everyone late (and
// CPEs time out, retry and make it worse). So a node runs at most `maxSessions` CWMP sessions at a
// time and refuses a new Inform beyond that with 503 and a Retry-After (RFC 7231 §7.1.3: whole
// seconds) drawn at random from [base, base + spread], so that the refused CPEs come back spread over
// that window instead of all in the same second. Sessions already admitted always continue: only an
// Inform (the start of a session) is ever refused.
import type { Logger } from "pino";
import type { Reply } from "./session";

export interface RetryAfterPolicy {
  /** Shortest wait asked for, in seconds. */
  baseSeconds: number;
  /** Width of the random window above the base, in seconds (0: always the base). */
  spreadSeconds: number;
}

/** Today's 10 s, spread over 20 s more: a lock held elsewhere clears quickly, a storm needs the spread. */
export const DEFAULT_RETRY_AFTER: RetryAfterPolicy = { baseSeconds: 10, spreadSeconds: 20 };

/** A whole number of seconds in [base, base + spread], uniformly. */
export function retryAfterSeconds(policy: RetryAfterPolicy, random: () => number = Math.random): number {
  const spread = Math.max(0, Math.floor(policy.spreadSeconds));
  const base = Math.max(0, Math.floor(policy.baseSeconds));
  return base + Math.min(spread, Math.floor(random() * (spread + 1)));
}

/** The 503 every refused Inform gets (device locked elsewhere, draining, store down, node full). */
export function busyReply(policy: RetryAfterPolicy = DEFAULT_RETRY_AFTER, random?: () => number): Reply {
  return {
    status: 503,
    headers: { "Retry-After": String(retryAfterSeconds(policy, random)) },
    ended: true,
  };
}

/**
 * Sessions per node when CWMP_MAX_SESSIONS is not set: a few per database connection. A session
 * spends most of its time waiting for the CPE or for its next statement, so a pool of 20 keeps ~80
 * sessions moving; more only queue on the pool and stretch every Inform's latency (bench/storm.ts).
 */
export function defaultMaxSessions(poolSize: number): number {
  return Math.max(16, 4 * Math.max(1, poolSize));
}

export interface AdmissionOptions {
  maxSessions: number;
  retryAfter: RetryAfterPolicy;
  log?: Logger;
  /** Injected by tests; default Math.random. */
  random?: () => number;
  /** Injected by tests; default Date.now. */
  now?: () => number;
}

/** How often, at most, a storm's refusals are summed up in the log (one line per refusal would flood it). */
const REPORT_EVERY_MS = 10_000;

export class AdmissionControl {
  /** Informs refused because the node was full, since start (the metric counts every 503). */
  refused = 0;
  private unreported = 0;
  private lastReport = 0;

  constructor(readonly options: AdmissionOptions) {}

  get retryAfter(): RetryAfterPolicy {
    return this.options.retryAfter;
  }

  /**
   * Called for each Inform before anything of it is done (authentication included: a storm's
   * refusals must cost the node as little as possible). `openSessions` counts this process's
   * sessions. Returns undefined to admit, else the 503 to send.
   */
  refusal(openSessions: number): Reply | undefined {
    if (openSessions < this.options.maxSessions) return undefined;
    this.refused++;
    this.unreported++;
    const now = (this.options.now ?? Date.now)();
    if (now - this.lastReport >= REPORT_EVERY_MS) {
      this.options.log?.warn(
        { refused: this.unreported, openSessions, maxSessions: this.options.maxSessions },
        "node at its session limit: Informs refused with 503 + Retry-After",
      );
      this.lastReport = now;
      this.unreported = 0;
    }
    return busyReply(this.options.retryAfter, this.options.random);
  }
}
