// When a failed webhook delivery is tried again, and when it is given up.

export const MAX_ATTEMPTS = 12;
export const MAX_AGE_MS = 24 * 3600_000;
const BASE_MS = 10_000;
const CAP_MS = 3600_000;

/** Delay before the next try after `attempts` tries: 10 s x 2^(attempts-1), at most 1 h, +-20 % jitter. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** True when a delivery made at createdAt, tried `attempts` times, is not tried again. */
export function givenUp(attempts: number, createdAt: Date, now: Date): boolean {
  return attempts >= MAX_ATTEMPTS || now.getTime() - createdAt.getTime() >= MAX_AGE_MS;
}
