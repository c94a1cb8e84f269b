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
// With a waiting line, an Inform that finds the node full first waits a few seconds for a session to
// end (admission-line.ts) and is refused only when the line is full or the wait runs out.
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Logger } from "pino";
import { AdmissionLine, type Departure } from "./admission-line";
import { liveSessionCount } from "./live-sessions";
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
  /**
   * Informs that find the node full wait up to `maxWaitMs` for a session to end, at most `capacity`
   * of them at once (admission-line.ts); absent: refused at once.
   */
  line?: { capacity: number; maxWaitMs: number };
  /** Sessions open in this process (enter, sessionEnded); default: every listener's (live-sessions.ts). */
  openSessions?: () => number;
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
  private readonly line: AdmissionLine | undefined;
  private readonly openSessions: () => number;
  /**
   * Informs admitted by enter() that have no session yet (parsing, authenticating): counted with the
   * open sessions so that slots freed meanwhile are not handed out twice. started() ends each.
   */
  private starting = 0;

  constructor(readonly options: AdmissionOptions) {
    this.lag = options.eventLoopDelayMs ?? (options.maxEventLoopDelayMs ? eventLoopDelayProbe() : undefined);
    const { maxRetryAfterSeconds, retryAfter } = options;
    if (
      maxRetryAfterSeconds !== undefined &&
      maxRetryAfterSeconds > retryAfter.baseSeconds + retryAfter.spreadSeconds
    )
      this.spread = new StormSpread({ maxSeconds: maxRetryAfterSeconds });
    this.line = options.line && options.line.capacity > 0 ? new AdmissionLine(options.line) : undefined;
    this.openSessions = options.openSessions ?? liveSessionCount;
  }

  get retryAfter(): RetryAfterPolicy {
    return this.options.retryAfter;
  }

  /**
   * Called for each Inform before anything of it is done (authentication included: a storm's
   * refusals must cost the node as little as possible). `openSessions` counts this process's
   * sessions. Returns undefined to admit, else the 503 to send. Never waits (enter() may).
   */
  refusal(openSessions: number): Reply | undefined {
    const now = this.now();
    if (this.hasRoom(openSessions)) return this.admit(now);
    return this.refuse(openSessions, now);
  }

  /**
   * The way a request without a session comes in: admitted now (undefined), after waiting in line
   * (a promise of undefined), or refused (the 503, possibly after waiting; at once when `mayWait` is
   * false). Every admission must be followed by started() once its session exists or it ended without
   * one.
   */
  enter(client?: Departure, mayWait = true): Reply | undefined | Promise<Reply | undefined> {
    const now = this.now();
    const open = this.openSessions();
    // Nobody overtakes those already waiting.
    if ((!this.line || this.line.length === 0) && this.hasRoom(open)) {
      this.starting++;
      return this.admit(now);
    }
    if (!mayWait || !this.line?.canJoin()) return this.refuse(open, now);
    return this.line.join(
      client,
      () => this.refuse(this.openSessions(), this.now()),
      () => busyReply(this.options.retryAfter, this.options.random),
    );
  }

  /** An Inform enter() admitted has its session now, or ended without one: its slot counts no more twice. */
  started(): void {
    if (this.starting > 0) this.starting--;
    this.sessionEnded();
  }

  /** A session of this process ended: its slot goes to the longest-waiting Inform. */
  sessionEnded(): void {
    if (!this.line) return;
    while (this.line.length > 0 && this.hasRoom(this.openSessions())) {
      this.starting++;
      this.admit(this.now());
      this.line.admitNext();
    }
  }

  /** Refuses those waiting and stops the line (the node is shutting down). */
  close(): void {
    this.line?.close(() => busyReply(this.options.retryAfter, this.options.random));
  }

  /** Informs waiting for a slot now. */
  get waiting(): number {
    return this.line?.length ?? 0;
  }

  /** How far ahead the retry schedule of refused Informs runs, seconds (0: no storm). */
  scheduleSeconds(): number {
    return this.spread?.aheadSeconds(this.now()) ?? 0;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Room for one more session beside `open` (and those admitted that have no session yet)? */
  private hasRoom(open: number): boolean {
    const { maxSessions } = this.options;
    const n = open + this.starting;
    if (n < Math.min(maxSessions, this.options.minSessions ?? 8)) return true;
    return n < maxSessions && !this.lagging();
  }

  private lagging(): boolean {
    const { maxEventLoopDelayMs } = this.options;
    return maxEventLoopDelayMs && this.lag ? this.lag() > maxEventLoopDelayMs : false;
  }

  private refuse(openSessions: number, now: number): Reply {
    const { maxSessions } = this.options;
    this.refused++;
    this.unreported++;
    const window = this.spread?.refused(now, this.options.retryAfter) ?? this.options.retryAfter;
    if (now - this.lastReport >= REPORT_EVERY_MS) {
      this.options.log?.warn(
        {
          refused: this.unreported,
          openSessions,
          maxSessions,
          waiting: this.waiting,
          eventLoopLagging: this.lagging(),
          retryAfter: `${window.baseSeconds}-${window.baseSeconds + window.spreadSeconds} s`,
        },
        "node at its session limit: Informs refused with 503 + Retry-After",
      );
      this.lastReport = now;
      this.unreported = 0;
    }
    return busyReply(window, this.options.random);
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
