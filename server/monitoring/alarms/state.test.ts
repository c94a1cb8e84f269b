import { describe, expect, it } from "vitest";
import { stepAlarm, type AlarmSnapshot } from "./state";

const rule = { operator: "gt", threshold: 10, clearThreshold: 5, raiseMinutes: 15, clearMinutes: 10 };
const at = (min: number) => new Date(Date.UTC(2026, 0, 1, 0, min));

function run(values: (number | null)[], r = rule): (AlarmSnapshot | null)[] {
  let current: AlarmSnapshot | null = null;
  return values.map((v, k) => {
    const step = stepAlarm(current, v, r, at(k * 5));
    if (step.kind === "create" || step.kind === "update") current = step.alarm;
    if (step.kind === "delete") current = null;
    return current;
  });
}

describe("stepAlarm", () => {
  it("raises after the condition held raiseMinutes, keeps the peak, clears with hysteresis after clearMinutes", () => {
    const states = run([0, 12, 20, 11, 12, 8, 7, 4, 3, 12, 4, 3, 2, 1]);
    expect(states.map((s) => s?.state ?? "-")).toEqual([
      "-",
      "pending",
      "pending",
      "pending",
      "raised",
      "raised",
      "raised",
      "clearing",
      "clearing",
      "raised",
      "clearing",
      "clearing",
      "cleared",
      "cleared",
    ]);
    expect(states[4]).toMatchObject({ raisedAt: at(20), peakValue: 20, firstSeenAt: at(5) });
    expect(states[12]).toMatchObject({ clearedAt: at(60), value: 2 });
  });

  it("forgets a pending alarm whose condition stopped, treats no data as clear", () => {
    expect(run([12, 3]).map((s) => s?.state ?? "-")).toEqual(["pending", "-"]);
    expect(run([12, 12, 12, 12, null, null, null]).map((s) => s?.state ?? "-")).toEqual([
      "pending",
      "pending",
      "pending",
      "raised",
      "clearing",
      "clearing",
      "cleared",
    ]);
  });

  it("works downwards (lt) and raises at once with raiseMinutes 0", () => {
    const lt = { operator: "lt", threshold: 3.5, clearThreshold: 3.8, raiseMinutes: 0, clearMinutes: 0 };
    expect(run([3.2, 3.6, 3.0, 3.9], lt).map((s) => [s?.state, s?.peakValue])).toEqual([
      ["raised", 3.2],
      ["raised", 3.2],
      ["raised", 3.0],
      ["cleared", 3.0],
    ]);
  });
});
