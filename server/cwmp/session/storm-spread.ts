// When the Informs a full node refuses should come back, so that they return at the rate the node can
// admit them. A fixed window (10–30 s) works for a few hundred refused boxes; after a regional power cut
// 10,000 boxes wait, and a fixed window brings them all back every 20 s or so: the node spends its CPU
// refusing them, the kernel's accept queue fills, and CPEs whose connection waits there time out
// (bench/storm.ts on 2 cores: 66,000 refusals and 7,800 timed-out sessions for 10,000 boxes).
//
// So every refused Inform gets the next free slot of a schedule spaced at the rate the node admits
// sessions (a little faster, so the node stays full and a rate measured low corrects itself upwards):
// box k of the queue is asked to come back in about k ÷ rate seconds, with a little jitter. The boxes
// return in the order they were refused, about as fast as they can be taken, and each is refused about
// once or twice instead of every 20 s. The rate is measured over the last 10 s; a younger storm is
// scheduled at no less than the rate of the sessions that filled the node (see admittedPerSecond). The
// first slot is 2 s away; a schedule longer than `maxSeconds` stops growing (the rest all get the
// maximum).
import type { RetryAfterPolicy } from "./admission-control";

/** Admissions are counted over this many seconds to estimate how fast the node takes sessions. */
const RATE_WINDOW_S = 10;
/** A storm is over when nothing has been refused for this long: the next one starts measuring afresh. */
const QUIET_S = 60;
/**
 * Slots are spaced for this many times the measured rate: arrivals slightly above what the node takes
 * keep it full (the few refused get a later slot), and a rate measured low corrects itself upwards.
 */
const OVERSUBSCRIBE = 1.25;
/**
 * The first slot of a schedule is this close (or the policy's base, when shorter): the sessions that
 * filled the node end within a second or two, and a node waiting out a 10 s base idles meanwhile.
 */
const FIRST_SLOT_S = 2;
/** Jitter on top of the slot: this share of the wait, at least a second. */
const JITTER_SHARE = 0.05;

export interface StormSpreadOptions {
  /** The longest wait ever asked for, seconds. */
  maxSeconds: number;
}

export class StormSpread {
  private readonly admittedIn = new Uint32Array(RATE_WINDOW_S + 2);
  /** The absolute second (ms / 1000) the newest bucket holds; -1 before the first event. */
  private newest = -1;
  /** When the current storm's first refusal came (ms), undefined when there is no storm. */
  private stormSince: number | undefined;
  private lastRefusal = 0;
  /** When the last slot handed out falls (ms). */
  private lastSlot = 0;
  /** Sessions admitted from the second before the storm began until it began: those that filled the node. */
  private filledWith = 0;

  constructor(private readonly options: StormSpreadOptions) {}

  admitted(nowMs: number): void {
    this.advance(nowMs);
    this.admittedIn[this.newest % this.admittedIn.length]!++;
  }

  /** Counts a refusal and returns the window its Retry-After is drawn from. */
  refused(nowMs: number, policy: RetryAfterPolicy): RetryAfterPolicy {
    this.advance(nowMs);
    if (this.stormSince === undefined || nowMs - this.lastRefusal > QUIET_S * 1000) {
      this.stormSince = nowMs;
      this.lastSlot = 0;
      this.filledWith = this.admittedSince(nowMs);
    }
    this.lastRefusal = nowMs;
    const max = Math.max(this.options.maxSeconds, policy.baseSeconds);
    const perSecond = this.admittedPerSecond(nowMs, this.stormSince);
    // Nothing admitted lately (long sessions fill the node): no rate to schedule by.
    if (perSecond === 0) return policy;
    const earliest = nowMs + Math.min(policy.baseSeconds, FIRST_SLOT_S) * 1000;
    const slot = Math.max(earliest, this.lastSlot + 1000 / (perSecond * OVERSUBSCRIBE));
    // A schedule longer than the maximum does not grow: the rest all get the maximum.
    this.lastSlot = Math.min(slot, nowMs + max * 1000);
    const wait = Math.min(max, Math.ceil((this.lastSlot - nowMs) / 1000));
    const jitter = Math.min(max - wait, Math.max(1, Math.round(wait * JITTER_SHARE)));
    return { baseSeconds: wait, spreadSeconds: jitter };
  }

  /** How far ahead of `nowMs` the schedule runs, in seconds (0 when nothing is scheduled). */
  aheadSeconds(nowMs: number): number {
    return Math.max(0, Math.ceil((this.lastSlot - nowMs) / 1000));
  }

  /**
   * Sessions admitted per second: over the last RATE_WINDOW_S whole seconds, or, in a younger storm,
   * from the second before it began (when the sessions that filled the node were admitted) until now,
   * but never less than those sessions per second. That floor is an optimistic guess on purpose: the
   * herd refused in a storm's first instant is scheduled before any session has ended, and the
   * admissions since, divided by a growing time, would only fall. A rate guessed too high corrects
   * itself (the surplus finds the node full, is refused again and scheduled at the rate the full node
   * shows); one guessed too low never does: a node that is not full refuses nobody, so its schedule
   * stays as slow as it was made while the node idles (bench/storm.ts: 40 % of 2 cores idle, 235 s
   * for 10,000 boxes where 170 s would do).
   */
  private admittedPerSecond(nowMs: number, stormSince: number): number {
    const from = Math.floor(stormSince / 1000) - 1;
    if (nowMs / 1000 - from < RATE_WINDOW_S) {
      // At least a second: a clock set back must not make the rate infinite (or negative).
      return Math.max(this.filledWith, this.admittedSince(stormSince) / Math.max(1, nowMs / 1000 - from));
    }
    const size = this.admittedIn.length;
    let total = 0;
    for (let s = 1; s <= RATE_WINDOW_S; s++) total += this.admittedIn[(this.newest - s + size) % size]!;
    return total / RATE_WINDOW_S;
  }

  /** Sessions admitted from the second before `stormSince` until the newest second (within the ring). */
  private admittedSince(stormSince: number): number {
    const size = this.admittedIn.length;
    const from = Math.floor(stormSince / 1000) - 1;
    let total = 0;
    for (let s = 0; s <= Math.min(this.newest - from, size - 1); s++)
      total += this.admittedIn[(this.newest - s + size) % size]!;
    return total;
  }

  private advance(nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    if (this.newest < 0) {
      this.newest = second;
      return;
    }
    if (second <= this.newest) return;
    // Clear the buckets of the seconds that passed without events (at most the whole ring).
    const size = this.admittedIn.length;
    const steps = Math.min(second - this.newest, size);
    for (let s = 1; s <= steps; s++) this.admittedIn[(this.newest + s) % size] = 0;
    this.newest = second;
  }
}
