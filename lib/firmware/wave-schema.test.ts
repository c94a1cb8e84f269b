import { describe, expect, it } from "vitest";
import { stageSizes, wavePlanSchema } from "./wave-schema";

describe("stageSizes", () => {
  it("canary by count, stages by percent, the last takes the remainder", () => {
    expect(stageSizes({ canary: { count: 2 }, stages: [{ percent: 50 }, { percent: 50 }] }, 12)).toEqual([
      2, 6, 4,
    ]);
  });
  it("a canary percentage rounds up to at least one device", () => {
    expect(stageSizes({ canary: { percent: 1 }, stages: [{ percent: 100 }] }, 10)).toEqual([1, 9]);
  });
  it("never hands out more devices than there are", () => {
    expect(stageSizes({ canary: { count: 50 }, stages: [{ count: 50 }, { count: 5 }] }, 20)).toEqual([
      20, 0, 0,
    ]);
  });
});

describe("wavePlanSchema", () => {
  it("fills defaults and refuses a stage with both a count and a percent", () => {
    const plan = wavePlanSchema.parse({ canary: { count: 1 }, stages: [{ percent: 100 }] });
    expect(plan).toMatchObject({ waitMinutes: 60, maxConcurrent: 100, window: null, autoRollback: false });
    expect(
      wavePlanSchema.safeParse({ canary: { count: 1, percent: 5 }, stages: [{ percent: 100 }] }).success,
    ).toBe(false);
    expect(wavePlanSchema.safeParse({ canary: { count: 1 }, stages: [] }).success).toBe(false);
  });
});
