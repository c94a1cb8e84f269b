import { describe, expect, it } from "vitest";
import {
  activeLock,
  afterFailure,
  afterSuccess,
  AddressThrottle,
  FORGET_AFTER_MS,
  holdAfter,
  LOCK_DURATION_MS,
  MAX_ADDRESS_FAILURES,
  MAX_FAILED_LOGINS,
  MAX_LOCK_MS,
  type ThrottleState,
} from "./throttle";

const now = new Date("2026-11-21T12:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);

describe("login throttling", () => {
  it("holds 5 minutes on the 5th consecutive failure, not before", () => {
    let state: ThrottleState = { failedLogins: 0, lockedUntil: null };
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      state = afterFailure(state, now);
      expect(state).toEqual({ failedLogins: i, lockedUntil: null });
      expect(activeLock(state, now)).toBeNull();
    }
    state = afterFailure(state, now);
    expect(state.failedLogins).toBe(5);
    expect(state.lockedUntil).toEqual(later(LOCK_DURATION_MS));
    expect(activeLock(state, later(LOCK_DURATION_MS - 1))).toEqual(later(LOCK_DURATION_MS));
    expect(activeLock(state, later(LOCK_DURATION_MS))).toBeNull();
  });

  it("keeps counting after a hold ends, so each further failure holds twice as long, up to the cap", () => {
    let state: ThrottleState = { failedLogins: 4, lockedUntil: null };
    let at = now;
    const holds: number[] = [];
    for (let i = 0; i < 8; i++) {
      state = afterFailure(state, at);
      holds.push((state.lockedUntil?.getTime() ?? 0) - at.getTime());
      at = new Date((state.lockedUntil ?? at).getTime() + 1);
    }
    expect(holds).toEqual([5, 10, 20, 40, 80, 80, 80, 80].map((m) => m * 60_000));
    expect(holdAfter(4, MAX_FAILED_LOGINS)).toBe(0);
    expect(holdAfter(1000, MAX_FAILED_LOGINS)).toBe(MAX_LOCK_MS);
  });

  it("starts a fresh count a day after the last hold ended", () => {
    const held = { failedLogins: 9, lockedUntil: later(LOCK_DURATION_MS) };
    expect(afterFailure(held, later(LOCK_DURATION_MS + FORGET_AFTER_MS))).toEqual({
      failedLogins: 1,
      lockedUntil: null,
    });
  });

  it("a success resets the counters", () => {
    expect(afterSuccess()).toEqual({ failedLogins: 0, lockedUntil: null });
  });
});

describe("address throttling", () => {
  it("holds an address after repeated failures on any usernames, growing, and remembers the usernames", () => {
    const throttle = new AddressThrottle();
    for (let i = 0; i < MAX_ADDRESS_FAILURES - 1; i++) throttle.recordFailure("127.0.0.66", `user${i}`, now);
    expect(throttle.heldUntil("127.0.0.66", now)).toBeNull();
    throttle.recordFailure("127.0.0.66", "carol", now);
    expect(throttle.heldUntil("127.0.0.66", now)).toEqual(later(LOCK_DURATION_MS));
    throttle.recordFailure("127.0.0.66", "carol", later(LOCK_DURATION_MS));
    expect(throttle.heldUntil("127.0.0.66", later(LOCK_DURATION_MS))).toEqual(later(3 * LOCK_DURATION_MS));
    expect(throttle.failedOn("127.0.0.66", "carol", now)).toBe(true);
    expect(throttle.failedOn("127.0.0.1", "carol", now)).toBe(false);
    expect(throttle.heldUntil("127.0.0.1", now)).toBeNull();
  });

  it("a success clears the count and that username only", () => {
    const throttle = new AddressThrottle();
    throttle.recordFailure("127.0.0.5", "alice", now);
    throttle.recordFailure("127.0.0.5", "bob", now);
    throttle.recordSuccess("127.0.0.5", "alice");
    expect(throttle.failedOn("127.0.0.5", "alice", now)).toBe(false);
    expect(throttle.failedOn("127.0.0.5", "bob", now)).toBe(true);
  });
});
