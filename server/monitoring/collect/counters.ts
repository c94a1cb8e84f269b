// Counter hygiene: per-interval deltas from two cumulative snapshots a CPE reported (TR-135 Total.*,
// DSL Stats.Total.*). Pure. uint32 counters wrap at 2^32; statistics restart on a reset (TotalSeconds or
// ResetTime going back, Total.Reset, a reboot); a re-sent or older snapshot is a duplicate; a missing
// interval is one longer interval (never invented rows). Deltas are never negative nor larger than a
// uint32 can move in one interval.

const TWO32 = 4_294_967_296;

/** A cumulative reading, as kept in MetricCursor.snapshot between reports. */
export interface CounterSnapshot {
  /** Device time of the reading (ms since the epoch), already corrected for clock skew */
  at: number;
  /** Seconds measured since the statistics started (Total.TotalSeconds; line: showtime/total seconds) */
  seconds: number;
  /** Seconds since the statistics were last reset (Total.ResetTime), null when not reported */
  resetAge: number | null;
  /** Device uptime (DeviceInfo.UpTime), null when not reported */
  uptime: number | null;
  /** Raw cumulative counters by parameter name */
  counters: Record<string, number>;
}

export interface CounterDelta {
  /** Interval start (ms) */
  start: number;
  /** Seconds measured in the interval */
  secs: number;
  /** Per-interval deltas by parameter name (only names present in the new snapshot) */
  counters: Record<string, number>;
}

export type DeltaOutcome =
  | { kind: "first" }
  | { kind: "duplicate" }
  | { kind: "reset"; delta: CounterDelta | null }
  | { kind: "delta"; delta: CounterDelta | null; wrapped: string[] };

/** One counter's delta: a big step back is a uint32 wrap, a small one garbage (0). */
export function counterDelta(prev: number, cur: number): { value: number; wrapped: boolean } {
  if (!Number.isFinite(prev) || !Number.isFinite(cur) || cur < 0 || prev < 0)
    return { value: 0, wrapped: false };
  const d = cur - prev;
  if (d >= 0) return { value: prev < TWO32 && d >= TWO32 ? TWO32 - 1 : d, wrapped: false };
  // Only a uint32 near its top wraps to near zero; a 64-bit counter or a small step back is not a wrap.
  if (prev < TWO32 && prev - cur > TWO32 / 2) return { value: d + TWO32, wrapped: true };
  return { value: 0, wrapped: false };
}

/** The ways statistics restart between two snapshots. */
export function isReset(prev: CounterSnapshot, cur: CounterSnapshot, resetSeen = false): boolean {
  if (resetSeen) return true;
  if (cur.seconds < prev.seconds) return true;
  if (cur.resetAge !== null && prev.resetAge !== null && cur.resetAge < prev.resetAge) return true;
  return cur.uptime !== null && prev.uptime !== null && cur.uptime < prev.uptime;
}

/**
 * The interval between the cursor's snapshot and a new one. Callers store the delta (if any) and, unless
 * the outcome is "duplicate", make `cur` the new cursor.
 */
export function deltaBetween(
  prev: CounterSnapshot | null,
  cur: CounterSnapshot,
  resetSeen = false,
): DeltaOutcome {
  if (!prev) return { kind: "first" };
  if (cur.at <= prev.at) return { kind: "duplicate" };
  const elapsed = (cur.at - prev.at) / 1000;
  if (isReset(prev, cur, resetSeen)) {
    // Restarted inside the interval (ResetTime, else uptime, says so): the new totals are its delta.
    const age = cur.resetAge ?? cur.uptime;
    if (age === null || age > elapsed || cur.seconds <= 0) return { kind: "reset", delta: null };
    const secs = Math.min(cur.seconds, age);
    const counters: Record<string, number> = {};
    for (const [k, v] of Object.entries(cur.counters)) counters[k] = Math.min(TWO32 - 1, Math.max(0, v));
    return { kind: "reset", delta: { start: cur.at - secs * 1000, secs, counters } };
  }
  // TotalSeconds cannot grow faster than time: a larger step is capped at the elapsed time.
  const secs = Math.min(cur.seconds - prev.seconds, Math.ceil(elapsed));
  const wrapped: string[] = [];
  const counters: Record<string, number> = {};
  for (const [k, v] of Object.entries(cur.counters)) {
    const before = prev.counters[k];
    if (before === undefined) continue;
    const d = counterDelta(before, v);
    if (d.wrapped) wrapped.push(k);
    counters[k] = d.value;
  }
  if (secs <= 0) return { kind: "delta", delta: null, wrapped };
  return { kind: "delta", delta: { start: prev.at, secs, counters }, wrapped };
}

/** Beyond this a device clock is considered wrong and its timestamps shifted (ms). */
export const SKEW_TOLERANCE_MS = 5 * 60_000;

/**
 * How far to shift a device's timestamps: from the HTTP Date header it sent (its clock at sending),
 * else from its latest collection time when that lies in the future. 0 within the tolerance.
 */
export function clockOffset(receivedAt: number, deviceNow: number | null, latest: number | null): number {
  const seen = deviceNow ?? (latest !== null && latest > receivedAt ? latest : null);
  if (seen === null || !Number.isFinite(seen)) return 0;
  const offset = receivedAt - seen;
  return Math.abs(offset) > SKEW_TOLERANCE_MS ? offset : 0;
}

/** A device time corrected by the offset, never later than when the report arrived. */
export const correctTime = (t: number, offset: number, receivedAt: number) =>
  Math.min(t + offset, receivedAt);

/** Indices of Sample list entries not stored yet (their end after the cursor's last stored end). */
export function freshSamples(ends: readonly number[], lastStoredEnd: number | null): number[] {
  const out: number[] = [];
  ends.forEach((end, i) => {
    if (Number.isFinite(end) && (lastStoredEnd === null || end > lastStoredEnd)) out.push(i);
  });
  return out;
}

/** Gauges (rates, margins, attenuation) are taken as reported when within a plausible range. */
export function gauge(value: number | undefined, min: number, max: number): number | null {
  return value === undefined || !Number.isFinite(value) || value < min || value > max ? null : value;
}
