import { describe, expect, it } from "vitest";
import { criteriaBreach } from "./stage-stats";

const plan = { failureRatio: 0.2, minSample: 5, maxFailures: 4 };
const reasons = [{ reason: "9010 HTTP 503", count: 2 }];

describe("stage criteria", () => {
  it("waits for the minimum sample before judging the ratio", () => {
    expect(
      criteriaBreach(
        { finished: 3, failures: 2, open: 5, reasons },
        { failures: 0, finished: 0 },
        plan,
        "Canary",
      ),
    ).toBeNull();
    expect(
      criteriaBreach(
        { finished: 5, failures: 2, open: 5, reasons },
        { failures: 0, finished: 0 },
        plan,
        "Canary",
      ),
    ).toBe("Canary: 2 of 5 devices failed (40 % > 20 %) — 9010 HTTP 503 ×2");
  });

  it("pauses on the failure count whatever the ratio", () => {
    expect(
      criteriaBreach(
        { finished: 100, failures: 4, open: 0, reasons },
        { failures: 0, finished: 0 },
        plan,
        "Stage 2",
      ),
    ).toMatch(/^Stage 2: 4 failures \(limit 4\)/);
  });

  it("counts only what happened after the failures an operator acknowledged by resuming", () => {
    const stats = { finished: 10, failures: 3, open: 5, reasons };
    expect(criteriaBreach(stats, { failures: 3, finished: 5 }, plan, "Stage 1")).toBeNull();
    expect(
      criteriaBreach({ ...stats, finished: 15, failures: 5 }, { failures: 3, finished: 5 }, plan, "Stage 1"),
    ).toBeNull();
    expect(
      criteriaBreach({ ...stats, finished: 12, failures: 6 }, { failures: 3, finished: 5 }, plan, "Stage 1"),
    ).toMatch(/3 of 7 devices failed/);
  });
});
