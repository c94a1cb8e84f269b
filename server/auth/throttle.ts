// Login throttling as pure functions of the stored counters, so the rule is unit-tested without a DB.

export const MAX_FAILED_LOGINS = 5;
export const LOCK_DURATION_MS = 5 * 60 * 1000;

export interface ThrottleState {
  failedLogins: number;
  lockedUntil: Date | null;
}

/** The lock still in force at `now`, or null. */
export function activeLock(state: ThrottleState, now: Date): Date | null {
  return state.lockedUntil && state.lockedUntil.getTime() > now.getTime() ? state.lockedUntil : null;
}

/** Counters after one more wrong password. An expired lock starts a fresh count. */
export function afterFailure(state: ThrottleState, now: Date): ThrottleState {
  const expired = state.lockedUntil !== null && state.lockedUntil.getTime() <= now.getTime();
  const failedLogins = (expired ? 0 : state.failedLogins) + 1;
  if (failedLogins >= MAX_FAILED_LOGINS) {
    return { failedLogins, lockedUntil: new Date(now.getTime() + LOCK_DURATION_MS) };
  }
  return { failedLogins, lockedUntil: expired ? null : state.lockedUntil };
}

/** Counters after a successful login. */
export function afterSuccess(): ThrottleState {
  return { failedLogins: 0, lockedUntil: null };
}
