// Back-pressure for boot storms. After a regional power cut every box informs at once; a node that
// opened a session for each would queue them all on its database pool and answer everyone late (and
// CPEs time out, retry and make it worse). So a node runs at most `maxSessions` CWMP sessions at a
// time and refuses a new Inform beyond that with 503 and a Retry-After (RFC 7231 §7.1.3: whole
// seconds) drawn at random from [base, base + spread], so that the refused CPEs come back spread over
// that window instead of all in the same second. Sessions already admitted always continue: only an
// Inform (the start of a session) is ever refused. The limit also shrinks while the process's event
// loop lags (CPU starved: by the storm itself, or by other work on the machine): more sessions would
// only make every admitted one slower, until CPEs time out and retry. A floor of sessions is always
// admitted, so a node on a busy machine still makes progress. With a maximum wait set, the refused are
// scheduled instead: each gets the next slot at the rate the node admits sessions (storm-spread.ts).
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Logger } from "pino";
import type { Reply } from "./session";
import { StormSpread } from "./storm-spread";

export interface RetryAfterPolicy {
  /** Shortest wait asked for, in seconds (a storm schedule's first slot may be sooner: storm-spread.ts). */
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
 * At least 64: the embedded store has one connection, and a demo or test fleet (the simulator runs
 * 50 sessions at once by default) should not meet 503s there.
 */
export function defaultMaxSessions(poolSize: number): number {
  return Math.max(64, 4 * Math.max(1, poolSize));
}

export interface AdmissionOptions {
  maxSessions: number;
  retryAfter: RetryAfterPolicy;
  /**
   * The longest Retry-After a storm may stretch the window to, seconds (default: no stretching, the
   * window stays `retryAfter`'s).
   */
  maxRetryAfterSeconds?: number;
  /**
   * Above this event-loop delay (p99 over the last half second, ms), only `minSessions` are
   * admitted; 0 or unset: the delay is not looked at.
   */
  maxEventLoopDelayMs?: number;
  /** Sessions admitted however late the event loop runs (default min(8, maxSessions)). */
  minSessions?: number;
  /** Injected by tests; default: this process's event-loop delay monitor. */
  eventLoopDelayMs?: () => number;
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

  private readonly lag: (() => number) | undefined;
  private readonly spread: StormSpread | undefined;

  constructor(readonly options: AdmissionOptions) {
    this.lag = options.eventLoopDelayMs ?? (options.maxEventLoopDelayMs ? eventLoopDelayProbe() : undefined);
    const { maxRetryAfterSeconds, retryAfter } = options;
    if (
      maxRetryAfterSeconds !== undefined &&
      maxRetryAfterSeconds > retryAfter.baseSeconds + retryAfter.spreadSeconds
    )
      this.spread = new StormSpread({ maxSeconds: maxRetryAfterSeconds });
  }

  get retryAfter(): RetryAfterPolicy {
    return this.options.retryAfter;
  }

  /**
   * Called for each Inform before anything of it is done (authentication included: a storm's
   * refusals must cost the node as little as possible). `openSessions` counts this process's
   * sessions. Returns undefined to admit, else the 503 to send.
   */
  refusal(openSessions: number): Reply | undefined {
    const { maxSessions, maxEventLoopDelayMs } = this.options;
    const now = (this.options.now ?? Date.now)();
    if (openSessions < Math.min(maxSessions, this.options.minSessions ?? 8)) return this.admit(now);
    const lagging = maxEventLoopDelayMs && this.lag ? this.lag() > maxEventLoopDelayMs : false;
    if (openSessions < maxSessions && !lagging) return this.admit(now);
    this.refused++;
    this.unreported++;
    const window = this.spread?.refused(now, this.options.retryAfter) ?? this.options.retryAfter;
    if (now - this.lastReport >= REPORT_EVERY_MS) {
      this.options.log?.warn(
        {
          refused: this.unreported,
          openSessions,
          maxSessions,
          eventLoopLagging: lagging,
          retryAfter: `${window.baseSeconds}-${window.baseSeconds + window.spreadSeconds} s`,
        },
        "node at its session limit: Informs refused with 503 + Retry-After",
      );
      this.lastReport = now;
      this.unreported = 0;
    }
    return busyReply(window, this.options.random);
  }

  /** How far ahead the retry schedule of refused Informs runs, seconds (0: no storm). */
  scheduleSeconds(): number {
    return this.spread?.aheadSeconds((this.options.now ?? Date.now)()) ?? 0;
  }

  private admit(now: number): undefined {
    this.spread?.admitted(now);
    return undefined;
  }
}

/** p99 of this process's event-loop delay over the last half second or so, in ms. */
function eventLoopDelayProbe(): () => number {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let readAt = performance.now();
  let value = 0;
  return () => {
    const now = performance.now();
    if (now - readAt >= 500) {
      value = histogram.percentile(99) / 1e6;
      histogram.reset();
      readAt = now;
    }
    return value;
  };
}
