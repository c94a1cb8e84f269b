import { describe, expect, it } from "vitest";
import { bucketForMbps, TokenBucket } from "./token-bucket";

describe("TokenBucket", () => {
  it("lets a burst through, then paces at the rate", () => {
    const b = new TokenBucket(1000, 500, 0); // 1000 B/s, 500 B burst
    expect(b.reserve(500, 0)).toBe(0);
    // Empty: the next 100 bytes wait 100 ms.
    expect(b.reserve(100, 0)).toBe(100);
    // A second caller at the same instant queues behind the first one's debt.
    expect(b.reserve(100, 0)).toBe(200);
  });

  it("refills with elapsed time, never past the burst", () => {
    const b = new TokenBucket(1000, 500, 0);
    b.reserve(500, 0);
    expect(b.reserve(250, 250)).toBe(0);
    expect(b.reserve(500, 10_000)).toBe(0); // an idle hour refills to the burst only
    expect(b.reserve(1, 10_000)).toBe(1);
  });

  it("shares one rate among streams: n bytes in total take n/rate", () => {
    const b = new TokenBucket(1_000_000, 0, 0);
    let delay = 0;
    for (let i = 0; i < 10; i++) delay = b.reserve(100_000, 0);
    expect(delay).toBe(1000);
  });

  it("ignores a clock going backwards", () => {
    const b = new TokenBucket(1000, 100, 1000);
    b.reserve(100, 1000);
    expect(b.reserve(100, 500)).toBe(100);
  });

  it("converts megabits per second; 0 is uncapped", () => {
    expect(bucketForMbps(0)).toBeNull();
    expect(bucketForMbps(8, 0)!.bytesPerSecond).toBe(1_000_000);
  });
});
