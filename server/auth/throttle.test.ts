import { describe, expect, it } from "vitest";
import {
  activeLock,
  afterFailure,
  afterSuccess,
  LOCK_DURATION_MS,
  MAX_FAILED_LOGINS,
  type ThrottleState,
} from "./throttle";

const now = new Date("2026-11-21T12:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);

describe("login throttling", () => {
  it("locks for 5 minutes on the 5th consecutive failure, not before", () => {
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

  it("starts a fresh count after the lock expires", () => {
    const locked = { failedLogins: 5, lockedUntil: later(LOCK_DURATION_MS) };
    expect(afterFailure(locked, later(LOCK_DURATION_MS + 1000))).toEqual({
      failedLogins: 1,
      lockedUntil: null,
    });
  });

  it("a success resets the counters", () => {
    expect(afterSuccess()).toEqual({ failedLogins: 0, lockedUntil: null });
  });
});
