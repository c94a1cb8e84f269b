// Login throttling. Two keys, both with growing delays:
// - per username (stored counters, shared by every process): after MAX_FAILED_LOGINS wrong passwords
//   the username is held for LOCK_DURATION_MS, doubling with each further failure up to MAX_LOCK_MS;
// - per client address (this process's memory): the same growth after MAX_ADDRESS_FAILURES failures
//   for any usernames, and a record of which usernames each address failed on.
// A username hold refuses only addresses that failed on that username: an operator signing in from
// elsewhere is still checked, so an anonymous attacker can't lock the operator out of the right
// password. A distributed attacker gets one guess per fresh address while the hold lasts.

export const MAX_FAILED_LOGINS = 5;
export const LOCK_DURATION_MS = 5 * 60 * 1000;
export const MAX_LOCK_MS = 80 * 60 * 1000;
export const MAX_ADDRESS_FAILURES = 10;
/** A username's count starts afresh this long after its last hold ended. */
export const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

export interface ThrottleState {
  failedLogins: number;
  lockedUntil: Date | null;
}

/** The hold after the `failures`-th consecutive failure (0 below the threshold), doubling, capped. */
export function holdAfter(failures: number, threshold: number): number {
  if (failures < threshold) return 0;
  return Math.min(MAX_LOCK_MS, LOCK_DURATION_MS * 2 ** Math.min(failures - threshold, 20));
}

/** The hold still in force at `now`, or null. */
export function activeLock(state: ThrottleState, now: Date): Date | null {
  return state.lockedUntil && state.lockedUntil.getTime() > now.getTime() ? state.lockedUntil : null;
}

/** Counters after one more wrong password. Long after the last hold ended, the count starts afresh. */
export function afterFailure(state: ThrottleState, now: Date): ThrottleState {
  const forgotten =
    state.lockedUntil !== null && state.lockedUntil.getTime() + FORGET_AFTER_MS <= now.getTime();
  const failedLogins = (forgotten ? 0 : state.failedLogins) + 1;
  const hold = holdAfter(failedLogins, MAX_FAILED_LOGINS);
  if (hold > 0) return { failedLogins, lockedUntil: new Date(now.getTime() + hold) };
  return { failedLogins, lockedUntil: forgotten ? null : state.lockedUntil };
}

/** Counters after a successful login. */
export function afterSuccess(): ThrottleState {
  return { failedLogins: 0, lockedUntil: null };
}

interface AddressRecord {
  failures: number;
  heldUntil: number;
  lastFailure: number;
  /** Usernames this address gave a wrong password for since its last success. */
  usernames: Set<string>;
}

/** Most addresses remembered; the least recently failing are forgotten first. */
const MAX_ADDRESSES = 10_000;
const MAX_USERNAMES_PER_ADDRESS = 100;

/** Failures per client address, in this process's memory (an address is not worth a database row). */
export class AddressThrottle {
  private readonly records = new Map<string, AddressRecord>();

  private current(address: string, now: number): AddressRecord | undefined {
    const record = this.records.get(address);
    if (record && record.heldUntil + FORGET_AFTER_MS <= now && record.lastFailure + FORGET_AFTER_MS <= now) {
      this.records.delete(address);
      return undefined;
    }
    return record;
  }

  /** When this address may try again, if it is held at `now`. */
  heldUntil(address: string, now: Date): Date | null {
    const record = this.current(address, now.getTime());
    return record && record.heldUntil > now.getTime() ? new Date(record.heldUntil) : null;
  }

  /** Whether this address gave a wrong password for `username` (since its last success). */
  failedOn(address: string, username: string, now: Date): boolean {
    return this.current(address, now.getTime())?.usernames.has(username) ?? false;
  }

  recordFailure(address: string, username: string, now: Date): void {
    const at = now.getTime();
    const record = this.current(address, at) ?? {
      failures: 0,
      heldUntil: 0,
      lastFailure: at,
      usernames: new Set(),
    };
    record.failures++;
    record.lastFailure = at;
    if (record.usernames.size < MAX_USERNAMES_PER_ADDRESS) record.usernames.add(username);
    const hold = holdAfter(record.failures, MAX_ADDRESS_FAILURES);
    if (hold > 0) record.heldUntil = at + hold;
    // Re-inserted last, so the map's order is least recently failing first.
    this.records.delete(address);
    this.records.set(address, record);
    while (this.records.size > MAX_ADDRESSES) {
      const oldest = this.records.keys().next().value;
      if (oldest === undefined) break;
      this.records.delete(oldest);
    }
  }

  /** A success clears the address's count and that username, not the other usernames it failed on. */
  recordSuccess(address: string, username: string): void {
    const record = this.records.get(address);
    if (!record) return;
    record.failures = 0;
    record.usernames.delete(username);
    if (record.usernames.size === 0 && record.heldUntil <= record.lastFailure) this.records.delete(address);
  }

  clear(): void {
    this.records.clear();
  }
}
