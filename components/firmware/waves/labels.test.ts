import { describe, expect, it } from "vitest";
import type { WaveCounts } from "@/lib/firmware/wave-api";
import { deviceCount, planText, progressSegments, progressText, stageName, stageText } from "./labels";

const counts = (over: Partial<WaveCounts>): WaveCounts => ({
  pending: 0,
  downloading: 0,
  rebooting: 0,
  verified: 0,
  failed: 0,
  rolling_back: 0,
  rolled_back: 0,
  skipped: 0,
  ...over,
});

describe("progressSegments", () => {
  it("groups the states into verified, failed, rolled back and in progress, as shares of the total", () => {
    const s = progressSegments(
      counts({ verified: 5, failed: 1, rolled_back: 1, rolling_back: 1, rebooting: 2 }),
      20,
    );
    expect(s.map((x) => [x.key, x.count, x.percent])).toEqual([
      ["verified", 5, 25],
      ["failed", 1, 5],
      ["rolledBack", 2, 10],
      ["inProgress", 2, 10],
    ]);
  });

  it("is all zero for an empty wave (no division by zero)", () => {
    expect(progressSegments(counts({}), 0).every((x) => x.percent === 0)).toBe(true);
  });

  it("says the counts in words", () => {
    expect(progressText(counts({ verified: 3, downloading: 1 }), 10)).toBe(
      "3 verified, 0 failed, 0 rolled back, 1 in progress of 10",
    );
  });
});

describe("planText", () => {
  it("says the plan in words", () => {
    const lines = planText({
      canary: { count: 1 },
      stages: [{ percent: 10 }, { percent: 100 }],
      qoeGate: null,
      waitMinutes: 60,
      maxConcurrent: 100,
      perMinute: 60,
      window: null,
      verifyMinutes: 30,
      failureRatio: 0.125,
      minSample: 5,
      maxFailures: 25,
      autoRollback: true,
      delaySeconds: 0,
    });
    expect(lines).toEqual([
      "Stages: canary 1 device, then 10 %, then 100 % (the last takes the rest), 60 min between stages.",
      "Pace: at most 100 in progress and 60 started per minute.",
      "Success: the new version within 30 min. Pauses above 12.5 % failed (once 5 finished) or at 25 failures in a stage.",
      "Failed devices are rolled back.",
    ]);
  });

  it("says the QoE gate when the plan has one", () => {
    const lines = planText({
      canary: { count: 1 },
      stages: [{ percent: 100 }],
      qoeGate: {
        metrics: ["impaired_pct", "qoe"],
        maxRegressionPct: 20,
        windowMinutes: 120,
        minSeconds: 3600,
      },
      waitMinutes: 60,
      maxConcurrent: 100,
      perMinute: 60,
      window: null,
      verifyMinutes: 30,
      failureRatio: 0.1,
      minSample: 5,
      maxFailures: 25,
      autoRollback: false,
      delaySeconds: 0,
    });
    expect(lines).toContain(
      "QoE gate: pauses when upgraded devices are worse than not-yet-upgraded ones of the same models by more than 20 % on impaired_pct, qoe over 120 min (once each has 3600 s of viewing).",
    );
  });
});

describe("stageText", () => {
  it("names the current stage and counts its place from 1 (the canary is 1)", () => {
    expect(stageText(1, 4, "running")).toBe("Stage 1 (2 of 4)");
    expect(stageText(0, 3, "paused")).toBe("Canary (1 of 3)");
  });
  it("never names a stage past the last", () => {
    expect(stageText(9, 3, "running")).toBe("Stage 2 (3 of 3)");
  });
  it("describes drafts and finished waves", () => {
    expect(stageText(0, 3, "draft")).toBe("Canary and 2 stages");
    expect(stageText(0, 2, "draft")).toBe("Canary and 1 stage");
    expect(stageText(2, 3, "done")).toBe("All 3 stages");
    expect(stageText(0, 0, "draft")).toBe("No stages yet");
  });
  it("names stages as the server does", () => {
    expect(stageName(0)).toBe("Canary");
    expect(stageName(2)).toBe("Stage 2");
    expect(deviceCount(1)).toBe("1 device");
    expect(deviceCount(0)).toBe("0 devices");
  });
});
