import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cellNoise, noisy } from "./noise";

const key = randomBytes(32);

describe("cell noise", () => {
  it("is zero when off", () => {
    expect(cellNoise("day|2026-11-17|1|0||households", 0, key)).toBe(0);
    expect(cellNoise("x", -1, key)).toBe(0);
    expect(cellNoise("x", Number.NaN, key)).toBe(0);
  });

  it("is the same for the same cell and key, different across cells and keys", () => {
    const a = cellNoise("hour|2026-11-17T20:00:00.000Z|1|0|secs", 1800, key);
    expect(cellNoise("hour|2026-11-17T20:00:00.000Z|1|0|secs", 1800, key)).toBe(a);
    expect(cellNoise("hour|2026-11-17T21:00:00.000Z|1|0|secs", 1800, key)).not.toBe(a);
    expect(cellNoise("hour|2026-11-17T20:00:00.000Z|1|0|secs", 1800, randomBytes(32))).not.toBe(a);
  });

  it("follows Laplace(0, scale): mean near 0, mean |x| near the scale, symmetric, finite", () => {
    const scale = 5;
    const n = 20_000;
    let sum = 0;
    let abs = 0;
    let positive = 0;
    for (let i = 0; i < n; i++) {
      const x = cellNoise(`cell-${i}`, scale, key);
      expect(Number.isFinite(x)).toBe(true);
      sum += x;
      abs += Math.abs(x);
      if (x > 0) positive++;
    }
    // Standard error of the mean: sqrt(2) * scale / sqrt(n) = 0.05; of mean |x|: scale / sqrt(n) = 0.035.
    expect(Math.abs(sum / n)).toBeLessThan(0.25);
    expect(Math.abs(abs / n - scale)).toBeLessThan(0.2);
    expect(Math.abs(positive / n - 0.5)).toBeLessThan(0.02);
  });

  it("rounds, never goes below zero, and stays within the column", () => {
    expect(noisy(10, 0.4)).toBe(10);
    expect(noisy(10, -0.6)).toBe(9);
    expect(noisy(3, -40)).toBe(0);
    expect(noisy(2_147_483_000, 5_000, 2_147_483_647)).toBe(2_147_483_647);
  });
});
