// The file server's global bandwidth cap (FILE_MAX_MBPS): one token bucket shared by every response of
// the process. A stream reserves the bytes of each chunk and waits the delay returned before sending
// it, so the streams pace themselves (the pipeline's backpressure holds the file reads back) instead of
// polling. The arithmetic takes `now` as an argument so it is tested without the clock.
import { setTimeout as sleep } from "node:timers/promises";

export class TokenBucket {
  private tokens: number;
  private last: number;

  /**
   * @param bytesPerSecond refill rate
   * @param burst most bytes sent at once after an idle period (the bucket's size)
   */
  constructor(
    readonly bytesPerSecond: number,
    readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /**
   * Takes `bytes` (the balance may go negative: the debt is what later callers wait for) and returns
   * how long, in ms, the caller waits before sending them.
   */
  reserve(bytes: number, now: number): number {
    const elapsed = Math.max(0, now - this.last);
    this.last = Math.max(this.last, now);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.bytesPerSecond) / 1000);
    this.tokens -= bytes;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.bytesPerSecond;
  }
}

/** The bucket for a cap in megabits per second; null when uncapped (0). */
export function bucketForMbps(mbps: number, now = Date.now()): TokenBucket | null {
  if (!(mbps > 0)) return null;
  const bytesPerSecond = (mbps * 1_000_000) / 8;
  // A tenth of a second's worth, at least one read chunk: smooth without a first-second spike.
  return new TokenBucket(bytesPerSecond, Math.max(64 * 1024, bytesPerSecond / 10), now);
}

/** Waits for the bucket to allow `bytes` (no wait when uncapped). */
export async function pace(bucket: TokenBucket | null, bytes: number): Promise<void> {
  if (!bucket) return;
  const delay = bucket.reserve(bytes, Date.now());
  if (delay > 0) await sleep(Math.ceil(delay));
}
