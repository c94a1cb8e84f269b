// A token bucket for the carousel: bytes may be sent at `rateKbps` on average, in bursts of at most
// `burstMs` worth, so the sender can hand the kernel small batches instead of one packet per timer tick
// (timers are ~1 ms coarse; at 100 Mbit/s that is 8 packets per tick).
export class TokenBucket {
  private readonly bytesPerMs: number;
  private readonly burstBytes: number;
  private tokens: number;
  private last: number;

  constructor(
    rateKbps: number,
    burstMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.bytesPerMs = (rateKbps * 1000) / 8 / 1000;
    this.burstBytes = Math.max(this.bytesPerMs * burstMs, 1);
    this.tokens = 0;
    this.last = this.now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burstBytes, this.tokens + (t - this.last) * this.bytesPerMs);
    this.last = t;
  }

  /** Whether a packet of `bytes` may go now; takes its tokens when so (the balance may go negative once). */
  take(bytes: number): boolean {
    this.refill();
    if (this.tokens <= 0) return false;
    this.tokens -= bytes;
    return true;
  }

  /** Milliseconds until take() can succeed again. */
  waitMs(): number {
    this.refill();
    return this.tokens > 0 ? 0 : (1 - this.tokens) / this.bytesPerMs;
  }
}
