import pino from "pino";
import { describe, expect, it } from "vitest";
import {
  AdmissionControl,
  busyReply,
  defaultMaxSessions,
  retryAfterSeconds,
  type RetryAfterPolicy,
} from "./admission-control";

const policy: RetryAfterPolicy = { baseSeconds: 10, spreadSeconds: 20 };

describe("retryAfterSeconds", () => {
  it("stays within [base, base + spread] at both ends of the random range", () => {
    expect(retryAfterSeconds(policy, () => 0)).toBe(10);
    expect(retryAfterSeconds(policy, () => 0.999_999)).toBe(30);
    // Math.random never returns 1, but a bad injected source must not exceed the window either.
    expect(retryAfterSeconds(policy, () => 1)).toBe(30);
  });

  it("spreads a storm's refusals over the whole window, in whole seconds", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const s = retryAfterSeconds(policy);
      expect(Number.isInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(10);
      expect(s).toBeLessThanOrEqual(30);
      seen.add(s);
    }
    // 21 possible values, 2000 draws: every second of the window is used.
    expect(seen.size).toBe(21);
  });

  it("with no spread always asks for the base", () => {
    expect(retryAfterSeconds({ baseSeconds: 7, spreadSeconds: 0 }, () => 0.9)).toBe(7);
  });

  it("busyReply is a 503 that ends the session with the header as RFC 7231 spells it", () => {
    expect(busyReply(policy, () => 0.5)).toEqual({
      status: 503,
      headers: { "Retry-After": "20" },
      ended: true,
    });
  });
});

describe("AdmissionControl", () => {
  it("admits below the limit and refuses at it with a jittered Retry-After", () => {
    let r = 0;
    const admission = new AdmissionControl({
      maxSessions: 3,
      retryAfter: policy,
      random: () => [0, 0.5, 0.99][r++ % 3]!,
    });
    expect(admission.refusal(0)).toBeUndefined();
    expect(admission.refusal(2)).toBeUndefined();
    const waits = [3, 4, 50].map((open) => admission.refusal(open)?.headers?.["Retry-After"]);
    expect(waits).toEqual(["10", "20", "30"]);
    expect(admission.refused).toBe(3);
  });

  it("sums refusals up in one log line per 10 s instead of one per Inform", () => {
    const lines: unknown[] = [];
    const log = pino({ level: "warn" }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    let now = 1_000_000;
    const admission = new AdmissionControl({ maxSessions: 1, retryAfter: policy, log, now: () => now });
    for (let i = 0; i < 500; i++) admission.refusal(1);
    now += 10_000;
    for (let i = 0; i < 7; i++) admission.refusal(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ refused: 1, maxSessions: 1 });
    expect(lines[1]).toMatchObject({ refused: 500 });
  });

  it("while the event loop lags, admits only its floor of sessions", () => {
    let lag = 0;
    const admission = new AdmissionControl({
      maxSessions: 50,
      retryAfter: policy,
      maxEventLoopDelayMs: 200,
      minSessions: 4,
      eventLoopDelayMs: () => lag,
    });
    expect(admission.refusal(30)).toBeUndefined();
    lag = 350;
    expect(admission.refusal(30)?.status).toBe(503);
    expect(admission.refusal(4)?.status).toBe(503);
    // The floor: a node on a starved machine still makes progress.
    expect(admission.refusal(3)).toBeUndefined();
    lag = 150;
    expect(admission.refusal(30)).toBeUndefined();
    expect(admission.refusal(50)?.status).toBe(503);
  });

  it("ignores the event loop unless a delay limit is set", () => {
    const admission = new AdmissionControl({
      maxSessions: 50,
      retryAfter: policy,
      eventLoopDelayMs: () => 10_000,
    });
    expect(admission.refusal(49)).toBeUndefined();
  });

  it("derives its default from the database pool, never below 64", () => {
    expect(defaultMaxSessions(20)).toBe(80);
    expect(defaultMaxSessions(40)).toBe(160);
    expect(defaultMaxSessions(1)).toBe(64);
    expect(defaultMaxSessions(0)).toBe(64);
  });
});
