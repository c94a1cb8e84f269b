// Per-source token buckets for the STUN listener: a flood from one address is dropped (and counted)
// before any parsing or database work. The map is bounded: when full, the least recently refilled
// sources are forgotten (they start again with a full bucket, which only errs on the side of answering).

export interface RateLimiter {
  /** false: drop this datagram */
  take(source: string, now?: number): boolean;
  readonly size: number;
}

export function createRateLimiter(perSecond: number, maxSources = 10_000): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(source, now = Date.now()) {
      let b = buckets.get(source);
      if (b) {
        buckets.delete(source); // re-inserted below: Map order is then least recently seen first
        b.tokens = Math.min(perSecond, b.tokens + ((now - b.at) / 1000) * perSecond);
        b.at = now;
      } else {
        if (buckets.size >= maxSources) {
          const oldest = buckets.keys().next().value;
          if (oldest !== undefined) buckets.delete(oldest);
        }
        b = { tokens: perSecond, at: now };
      }
      buckets.set(source, b);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
    get size() {
      return buckets.size;
    },
  };
}
