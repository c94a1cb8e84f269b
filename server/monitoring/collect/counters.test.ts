import { describe, expect, it } from "vitest";
import {
  clockOffset,
  correctTime,
  counterDelta,
  deltaBetween,
  freshSamples,
  gauge,
  type CounterSnapshot,
} from "./counters";

const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);
const snap = (over: Partial<CounterSnapshot> & { counters?: Record<string, number> }): CounterSnapshot => ({
  at: T0,
  seconds: 1000,
  resetAge: 1000,
  uptime: 5000,
  counters: {},
  ...over,
});

describe("counterDelta", () => {
  it("wraps a uint32 that passed 4294967295", () => {
    expect(counterDelta(4_294_967_000, 200)).toEqual({ value: 496, wrapped: true });
    expect(counterDelta(4_294_967_295, 0)).toEqual({ value: 1, wrapped: true });
  });
  it("treats a small step back as garbage (0), never negative", () => {
    expect(counterDelta(1000, 990)).toEqual({ value: 0, wrapped: false });
    expect(counterDelta(-1, 5).value).toBe(0);
    expect(counterDelta(Number.NaN, 5).value).toBe(0);
  });
  it("does not wrap a 64-bit counter", () => {
    expect(counterDelta(10_000_000_000, 5).value).toBe(0);
    expect(counterDelta(10_000_000_000, 10_000_000_500).value).toBe(500);
  });
});

describe("deltaBetween", () => {
  const prev = snap({ counters: { a: 4_294_967_290, b: 10 } });

  it("the first snapshot only starts the cursor", () => {
    expect(deltaBetween(null, prev)).toEqual({ kind: "first" });
  });

  it("deltas over a normal interval, with a wrap", () => {
    const cur = snap({
      at: T0 + 300_000,
      seconds: 1300,
      resetAge: 1300,
      uptime: 5300,
      counters: { a: 10, b: 25 },
    });
    const out = deltaBetween(prev, cur);
    expect(out).toEqual({
      kind: "delta",
      delta: { start: T0, secs: 300, counters: { a: 16, b: 15 } },
      wrapped: ["a"],
    });
  });

  it("drops a duplicate (same or older collection time)", () => {
    expect(deltaBetween(prev, snap({ counters: { a: 1 } }))).toEqual({ kind: "duplicate" });
    expect(deltaBetween(prev, snap({ at: T0 - 1 }))).toEqual({ kind: "duplicate" });
  });

  it("restarts on TotalSeconds going back: stores nothing when the reset time is unknown", () => {
    const cur = snap({ at: T0 + 300_000, seconds: 20, resetAge: null, uptime: null, counters: { a: 3 } });
    expect(deltaBetween(prev, cur)).toEqual({ kind: "reset", delta: null });
  });

  it("a reset inside the interval (ResetTime says so) makes the new totals the delta", () => {
    const cur = snap({ at: T0 + 300_000, seconds: 120, resetAge: 120, counters: { a: 7, b: 2 } });
    expect(deltaBetween(prev, cur)).toEqual({
      kind: "reset",
      delta: { start: T0 + 180_000, secs: 120, counters: { a: 7, b: 2 } },
    });
  });

  it("ResetTime going back, Total.Reset seen, or a reboot are resets", () => {
    const later = { at: T0 + 300_000, seconds: 1300 };
    expect(deltaBetween(prev, snap({ ...later, resetAge: 900 })).kind).toBe("reset");
    expect(deltaBetween(prev, snap({ ...later, resetAge: 1300 }), true).kind).toBe("reset");
    expect(deltaBetween(prev, snap({ ...later, resetAge: 1300, uptime: 60 })).kind).toBe("reset");
  });

  it("a gap is one longer interval, never invented rows", () => {
    const cur = snap({
      at: T0 + 3_600_000,
      seconds: 4600,
      resetAge: 4600,
      uptime: 8600,
      counters: { b: 70 },
    });
    const out = deltaBetween(prev, cur);
    expect(out.kind).toBe("delta");
    if (out.kind === "delta") expect(out.delta).toEqual({ start: T0, secs: 3600, counters: { b: 60 } });
  });

  it("never counts more seconds than elapsed", () => {
    const cur = snap({ at: T0 + 300_000, seconds: 99_999, resetAge: 99_999, uptime: 5300 });
    const out = deltaBetween(prev, cur);
    if (out.kind !== "delta") throw new Error(out.kind);
    expect(out.delta?.secs).toBe(300);
  });

  it("no seconds measured (standby): no row, cursor moves", () => {
    const cur = snap({ at: T0 + 300_000, seconds: 1000, resetAge: 1300, uptime: 5300 });
    expect(deltaBetween(prev, cur)).toEqual({ kind: "delta", delta: null, wrapped: [] });
  });
});

describe("clock skew", () => {
  const now = T0;
  it("shifts by the HTTP Date offset beyond the tolerance", () => {
    expect(clockOffset(now, now - 3_600_000, null)).toBe(3_600_000);
    expect(clockOffset(now, now - 60_000, null)).toBe(0);
  });
  it("without a Date header, only a collection time in the future is skew", () => {
    expect(clockOffset(now, null, now + 7_200_000)).toBe(-7_200_000);
    expect(clockOffset(now, null, now - 7_200_000)).toBe(0);
  });
  it("never yields a time after receipt", () => {
    expect(correctTime(now + 10_000, 0, now)).toBe(now);
    expect(correctTime(now - 3_600_000, 1_800_000, now)).toBe(now - 1_800_000);
  });
});

describe("freshSamples and gauges", () => {
  it("keeps only entries ending after the last stored one", () => {
    expect(freshSamples([100, 200, 300], null)).toEqual([0, 1, 2]);
    expect(freshSamples([100, 200, 300], 200)).toEqual([2]);
    expect(freshSamples([100, 200, 300], 300)).toEqual([]);
  });
  it("range-checks gauges", () => {
    expect(gauge(65, -640, 640)).toBe(65);
    expect(gauge(70_000, -640, 640)).toBeNull();
    expect(gauge(undefined, 0, 1)).toBeNull();
  });
});
