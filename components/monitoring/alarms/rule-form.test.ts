import { describe, expect, it } from "vitest";
import { alarmRuleInputSchema } from "@/lib/monitoring/alarm-schema";
import { EMPTY_RULE, formOf, ruleOf } from "./rule-form";

describe("alarm rule form", () => {
  it("round-trips a stored rule", () => {
    const stored = {
      name: "TS errors",
      metric: "cc_errors_per_hour",
      scope: "channel",
      scopeKey: null,
      operator: "gt",
      threshold: 1,
      clearThreshold: 0.5,
      raiseMinutes: 15,
      clearMinutes: 10,
      minSeconds: 1800,
      severity: "major",
      enabled: true,
    };
    expect(ruleOf(formOf(stored))).toEqual(stored);
    expect(alarmRuleInputSchema.safeParse(ruleOf(formOf(stored))).success).toBe(true);
  });

  it("sends empty numbers as NaN so the schema names the field", () => {
    const parsed = alarmRuleInputSchema.safeParse(ruleOf({ ...EMPTY_RULE, name: "x" }));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path[0])).toContain("threshold");
  });
});
