// Words and tones for wave and device states, and the progress bar's segments: pure, unit-tested.
import type { BadgeTone } from "@/components/ui/badge";
import type { WaveCounts, WaveSummary } from "@/lib/firmware/wave-api";
import type { StageSize, WaveDeviceState, WavePlan } from "@/lib/firmware/wave-schema";

export type WaveState = WaveSummary["state"];

export const WAVE_STATE_LABELS: Record<WaveState, string> = {
  draft: "Draft",
  running: "Running",
  paused: "Paused",
  done: "Done",
  aborted: "Aborted",
};

export const WAVE_STATE_TONES: Record<WaveState, BadgeTone> = {
  draft: "neutral",
  running: "info",
  paused: "warning",
  done: "success",
  aborted: "danger",
};

export const DEVICE_STATE_LABELS: Record<WaveDeviceState, string> = {
  pending: "Pending",
  downloading: "Downloading",
  rebooting: "Rebooting",
  verified: "Verified",
  failed: "Failed",
  rolling_back: "Rolling back",
  rolled_back: "Rolled back",
  skipped: "Skipped",
};

export const DEVICE_STATE_TONES: Record<WaveDeviceState, BadgeTone> = {
  pending: "neutral",
  downloading: "info",
  rebooting: "info",
  verified: "success",
  failed: "danger",
  rolling_back: "warning",
  rolled_back: "warning",
  skipped: "neutral",
};

/** The progress bar's parts, in drawing order; colours from the charts' Okabe–Ito palette. */
export const PROGRESS_PARTS = [
  { key: "verified", label: "Verified", color: "#009E73", states: ["verified"] },
  { key: "failed", label: "Failed", color: "#D55E00", states: ["failed"] },
  { key: "rolledBack", label: "Rolled back", color: "#CC79A7", states: ["rolling_back", "rolled_back"] },
  { key: "inProgress", label: "In progress", color: "#0072B2", states: ["downloading", "rebooting"] },
] as const satisfies readonly { key: string; label: string; color: string; states: WaveDeviceState[] }[];

export interface ProgressSegment {
  key: (typeof PROGRESS_PARTS)[number]["key"];
  label: string;
  color: string;
  count: number;
  /** Share of the total, 0–100 (0 when the total is 0). */
  percent: number;
}

/** Verified, failed, rolled back and in-progress devices as shares of `total` (the rest is pending). */
export function progressSegments(counts: WaveCounts, total: number): ProgressSegment[] {
  return PROGRESS_PARTS.map((p) => {
    const count = p.states.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
    const percent = total > 0 ? Math.min(100, (count / total) * 100) : 0;
    return { key: p.key, label: p.label, color: p.color, count, percent };
  });
}

/** "3 verified, 1 failed, 0 rolled back, 2 in progress of 10": the bar's text for screen readers. */
export function progressText(counts: WaveCounts, total: number): string {
  const parts = progressSegments(counts, total).map((s) => `${s.count} ${s.label.toLowerCase()}`);
  return `${parts.join(", ")} of ${total}`;
}

/** "Stage 1 (2 of 4)": the current stage by name and its place; drafts and finished waves say so. */
export function stageText(currentStage: number, stageCount: number, state: WaveState): string {
  if (stageCount === 0) return "No stages yet";
  if (state === "draft") return `Canary and ${stageCount - 1} stage${stageCount === 2 ? "" : "s"}`;
  if (state === "done") return `All ${stageCount} stages`;
  const i = Math.min(Math.max(currentStage, 0), stageCount - 1);
  return `${stageName(i)} (${i + 1} of ${stageCount})`;
}

/** The name of stage `index`, as the server names them: "Canary", then "Stage 1", "Stage 2", … */
export function stageName(index: number): string {
  return index === 0 ? "Canary" : `Stage ${index}`;
}

/** "1 device", "3 devices". */
export function deviceCount(n: number): string {
  return `${n} device${n === 1 ? "" : "s"}`;
}

const sizeText = (s: StageSize) => (s.count !== undefined ? deviceCount(s.count) : `${s.percent ?? 0} %`);

/** The plan in one sentence per concern: stages, pace, success and failure, rollback. */
export function planText(plan: WavePlan): string[] {
  const stages = [`canary ${sizeText(plan.canary)}`, ...plan.stages.map(sizeText)].join(", then ");
  const lines = [
    `Stages: ${stages} (the last takes the rest), ${plan.waitMinutes} min between stages.`,
    `Pace: at most ${plan.maxConcurrent} in progress and ${plan.perMinute} started per minute.`,
    `Success: the new version within ${plan.verifyMinutes} min. Pauses above ${
      Math.round(plan.failureRatio * 1000) / 10
    } % failed (once ${plan.minSample} finished) or at ${plan.maxFailures} failures in a stage.`,
  ];
  const gate = plan.qoeGate;
  if (gate)
    lines.push(
      `QoE gate: pauses when upgraded devices are worse than not-yet-upgraded ones of the same models by more than ${gate.maxRegressionPct} % on ${gate.metrics.join(", ")} over ${gate.windowMinutes} min (once each has ${gate.minSeconds} s of viewing).`,
    );
  lines.push(
    plan.autoRollback
      ? "Failed devices are rolled back."
      : "Failed devices are not rolled back on their own.",
  );
  return lines;
}
