import { describe, expect, it } from "vitest";
import { AdmissionControl, type RetryAfterPolicy } from "./admission-control";
import { StormSpread } from "./storm-spread";

const policy: RetryAfterPolicy = { baseSeconds: 10, spreadSeconds: 20 };

/** Ten seconds of a full node admitting `perSecond` sessions a second, from `from` (ms). */
function admitFor(spread: StormSpread, from: number, perSecond: number, seconds = 10): void {
  for (let s = 0; s < seconds; s++) for (let i = 0; i < perSecond; i++) spread.admitted(from + s * 1000 + i);
}

describe("StormSpread", () => {
  it("schedules a storm's first herd at no less than the rate of the sessions that filled the node", () => {
    const spread = new StormSpread({ maxSeconds: 600 });
    const t0 = 1_000_000_000;
    // The node filled up with 80 sessions, then 10,000 boxes are refused within 100 ms.
    for (let i = 0; i < 80; i++) spread.admitted(t0 + i);
    const windows = Array.from({ length: 10_000 }, (_, i) => spread.refused(t0 + 100 + (i % 100), policy));
    // 80 a second (the sessions that filled the node), slots 1.25× that: 100 a second, the first in 2 s.
    expect(windows[0]).toEqual({ baseSeconds: 2, spreadSeconds: 1 });
    expect(windows[9_999]!.baseSeconds).toBe(2 + 100);
  });

  it("does not slow a first herd down while the node takes seconds to refuse it", () => {
    const spread = new StormSpread({ maxSeconds: 600 });
    const t0 = 1_000_000_000;
    for (let i = 0; i < 80; i++) spread.admitted(t0 + i);
    // Under load the accept queue drains slowly: the 10,000 refusals come over 5 s, no session ends
    // meanwhile. Divided by the growing time, the 80 admissions would say 13 a second by then.
    const windows = Array.from({ length: 10_000 }, (_, i) => spread.refused(t0 + 100 + i / 2, policy));
    const last = windows[9_999]!.baseSeconds;
    expect(last).toBeLessThanOrEqual(2 + 100);
    expect(last).toBeGreaterThanOrEqual(2 + 100 - 5);
  });

  it("then gives each refused box the next slot of a schedule spaced at the node's admission rate", () => {
    const spread = new StormSpread({ maxSeconds: 600 });
    const t0 = 1_000_000_000;
    spread.refused(t0, policy);
    admitFor(spread, t0, 25);
    const now = t0 + 10_000;
    const windows = Array.from({ length: 10_000 }, () => spread.refused(now, policy));
    // 25 a second, oversubscribed 1.25×: ~31 boxes per second of schedule, the first in 2 s.
    expect(windows[0]!.baseSeconds).toBe(2);
    expect(windows[31]!.baseSeconds).toBe(3);
    expect(windows[9_999]!.baseSeconds).toBe(2 + Math.ceil(9_999 / 31.25));
    // In order, never earlier than 2 s, with a little jitter (5 %, at least 1 s).
    for (let i = 1; i < windows.length; i++)
      expect(windows[i]!.baseSeconds).toBeGreaterThanOrEqual(windows[i - 1]!.baseSeconds);
    expect(windows[9_999]!.spreadSeconds).toBe(Math.round(322 * 0.05));
    expect(windows[0]!.spreadSeconds).toBe(1);
    // The boxes come back at about the rate the node takes them: ~31 per second of schedule.
    const perSecond = new Map<number, number>();
    for (const w of windows) perSecond.set(w.baseSeconds, (perSecond.get(w.baseSeconds) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(32);
  });

  it("never asks for more than its maximum: past it, the rest all get the maximum", () => {
    const spread = new StormSpread({ maxSeconds: 120 });
    const t0 = 5_000_000;
    spread.refused(t0, policy);
    admitFor(spread, t0, 5);
    const waits = Array.from({ length: 2000 }, () => spread.refused(t0 + 10_000, policy));
    expect(Math.max(...waits.map((w) => w.baseSeconds + w.spreadSeconds))).toBe(120);
    expect(waits.at(-1)).toEqual({ baseSeconds: 120, spreadSeconds: 0 });
  });

  it("with nothing admitted lately (long sessions fill the node) keeps the fixed window", () => {
    const spread = new StormSpread({ maxSeconds: 300 });
    const t0 = 7_000_000;
    spread.admitted(t0 - 120_000);
    expect(spread.refused(t0, policy)).toEqual(policy);
    expect(spread.refused(t0 + 11_000, policy)).toEqual(policy);
  });

  it("the schedule empties as time passes, and a quiet minute ends the storm", () => {
    const spread = new StormSpread({ maxSeconds: 600 });
    const t0 = 9_000_000;
    spread.refused(t0, policy);
    admitFor(spread, t0, 50);
    for (let i = 0; i < 5000; i++) spread.refused(t0 + 10_000, policy);
    // 5,000 boxes at 62.5 a second: the schedule runs to ~82 s from now.
    expect(spread.refused(t0 + 10_000, policy).baseSeconds).toBeGreaterThanOrEqual(82);
    // 100 s later (still refusing now and then, still admitting), a refusal gets the first slot.
    for (let s = 11; s <= 111; s += 10) {
      admitFor(spread, t0 + s * 1000, 50);
      spread.refused(t0 + s * 1000, policy);
    }
    expect(spread.refused(t0 + 121_000, policy).baseSeconds).toBe(2);
    // After a quiet minute the schedule starts afresh, from the first slot.
    admitFor(spread, t0 + 190_000, 50);
    expect(spread.refused(t0 + 200_000, policy).baseSeconds).toBe(2);
  });
  it("a clock set back does not inflate the measured rate (nor push a wait past the maximum)", () => {
    const spread = new StormSpread({ maxSeconds: 120 });
    const t0 = 50_000_000;
    for (let i = 0; i < 20; i++) spread.admitted(t0 + i);
    spread.refused(t0 + 100, policy);
    // The clock goes back 1 s: 0.1 s since the second before the storm began. Counted as a whole
    // second, 20 admissions are 20 a second (slots 25 a second), not 200.
    const back = t0 - 900;
    const waits = Array.from({ length: 100 }, () => spread.refused(back, policy).baseSeconds);
    expect(waits[99]! - waits[0]!).toBeGreaterThanOrEqual(3);
    const far = spread.refused(t0 - 3_600_000, policy);
    expect(far.baseSeconds + far.spreadSeconds).toBeLessThanOrEqual(120);
  });
});

describe("AdmissionControl with a storm maximum", () => {
  it("schedules the refused at the rate it admits sessions", () => {
    let now = 2_000_000_000;
    const admission = new AdmissionControl({
      maxSessions: 80,
      retryAfter: policy,
      maxRetryAfterSeconds: 600,
      now: () => now,
      random: () => 0,
    });
    const wait = (): number => Number(admission.refusal(80)?.headers?.["Retry-After"]);
    // Nothing admitted yet: no rate to schedule by, the fixed window.
    expect(wait()).toBe(10);
    for (let s = 1; s <= 11; s++) {
      now += 1000;
      for (let i = 0; i < 20; i++) admission.refusal(10);
      wait();
    }
    // 20 admitted a second over the last 10 s: slots 25 a second, the 500th box refused now waits
    // about 2 + 20 s.
    const waits = Array.from({ length: 500 }, wait);
    expect(waits[0]).toBeLessThanOrEqual(3);
    expect(waits[499]).toBeGreaterThanOrEqual(22);
    expect(waits[499]).toBeLessThanOrEqual(23);
    // GET /metrics shows how far ahead the schedule runs (vantage_cwmp_retry_schedule_seconds).
    expect(admission.scheduleSeconds()).toBe(22);
    now += 23_000;
    expect(admission.scheduleSeconds()).toBe(0);
  });

  it("without a maximum keeps the fixed window", () => {
    let now = 0;
    const admission = new AdmissionControl({ maxSessions: 1, retryAfter: policy, now: () => now });
    for (let i = 0; i < 5000; i++) admission.refusal(1);
    now += 30_000;
    expect(Number(admission.refusal(1)?.headers?.["Retry-After"])).toBeLessThanOrEqual(30);
  });
});
