// The alarm state machine, pure: pending (the condition holds, not yet for raiseMinutes) -> raised ->
// clearing (back beyond the clear threshold, not yet for clearMinutes) -> cleared. A pending alarm whose
// condition stops before raiseMinutes never was one (deleted); a clearing one that breaches again is
// raised again. While clearing, clearedAt holds when the clear condition began (the final clearedAt is
// when it was confirmed). A scope with no data in the window counts as clear: a device that stopped
// watching has no impairment left to report.
import { breaches, clears, type AlarmState } from "../../../lib/monitoring/alarm-schema";

export interface AlarmSnapshot {
  state: AlarmState;
  value: number;
  peakValue: number;
  firstSeenAt: Date;
  raisedAt: Date | null;
  clearedAt: Date | null;
}

export interface RuleThresholds {
  operator: string;
  threshold: number;
  clearThreshold: number | null;
  raiseMinutes: number;
  clearMinutes: number;
}

export type AlarmStep =
  | { kind: "none" }
  | { kind: "create"; alarm: AlarmSnapshot }
  | { kind: "update"; alarm: AlarmSnapshot }
  | { kind: "delete" };

const held = (since: Date | null, now: Date, minutes: number) =>
  since !== null && now.getTime() - since.getTime() >= minutes * 60_000;

export function stepAlarm(
  current: AlarmSnapshot | null,
  value: number | null,
  rule: RuleThresholds,
  now: Date,
): AlarmStep {
  const breach = value !== null && breaches(rule.operator, value, rule.threshold);
  const clear = value === null || clears(rule.operator, value, rule.clearThreshold ?? rule.threshold);
  const worse = (a: number, b: number) => (rule.operator === "lt" ? Math.min(a, b) : Math.max(a, b));
  if (!current) {
    if (!breach) return { kind: "none" };
    const raised = rule.raiseMinutes <= 0;
    return {
      kind: "create",
      alarm: {
        state: raised ? "raised" : "pending",
        value: value,
        peakValue: value,
        firstSeenAt: now,
        raisedAt: raised ? now : null,
        clearedAt: null,
      },
    };
  }
  const next: AlarmSnapshot = { ...current };
  if (value !== null) {
    next.value = value;
    next.peakValue = worse(current.peakValue, value);
  }
  switch (current.state) {
    case "pending":
      if (!breach) return { kind: "delete" };
      if (held(current.firstSeenAt, now, rule.raiseMinutes))
        Object.assign(next, { state: "raised", raisedAt: now });
      return { kind: "update", alarm: next };
    case "raised":
      if (clear) {
        const done = rule.clearMinutes <= 0;
        Object.assign(next, { state: done ? "cleared" : "clearing", clearedAt: now });
      }
      return { kind: "update", alarm: next };
    case "clearing":
      if (!clear) Object.assign(next, { state: "raised", clearedAt: null });
      else if (held(current.clearedAt, now, rule.clearMinutes))
        Object.assign(next, { state: "cleared", clearedAt: now });
      return { kind: "update", alarm: next };
    case "cleared":
      return { kind: "none" };
  }
}
