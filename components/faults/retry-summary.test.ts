import { describe, expect, it } from "vitest";
import { reasonKind, retrySentence, skippedByReason } from "./retry-summary";

describe("retry confirmation text", () => {
  it("says how many tasks are queued, and the per-run limit when the group is bigger", () => {
    expect(retrySentence("Reboot", { total: 3, retryable: 2, skipped: [], limit: 200 })).toBe(
      "Queue the latest failed Reboot again on 2 devices (one task each).",
    );
    expect(retrySentence("Reboot", { total: 250, retryable: 200, skipped: [], limit: 200 })).toMatch(
      /group has 250 devices; 200 are taken per run/,
    );
    expect(retrySentence("Reboot", { total: 1, retryable: 0, skipped: [], limit: 200 })).toMatch(
      /None of the 1 device/,
    );
  });

  it("groups skipped tasks by reason, task ids aside", () => {
    const skipped = ["task 4 carried x", "task 9 carried x", "needs y"].map((r) => ({
      reason: reasonKind(r),
    }));
    expect(skippedByReason(skipped)).toEqual([
      { reason: "the task carried x", count: 2 },
      { reason: "needs y", count: 1 },
    ]);
  });
});
