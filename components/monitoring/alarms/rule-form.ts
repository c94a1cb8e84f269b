// The alarm rule form's values as text fields, to and from the rule the server takes. Pure and tested.
import type { AlarmRuleInput } from "@/lib/monitoring/alarm-schema";

export interface RuleFormValues {
  name: string;
  metric: string;
  scope: string;
  scopeKey: string;
  operator: string;
  threshold: string;
  clearThreshold: string;
  raiseMinutes: string;
  clearMinutes: string;
  minSeconds: string;
  severity: string;
  enabled: boolean;
}

export const EMPTY_RULE: RuleFormValues = {
  name: "",
  metric: "impaired_pct",
  scope: "channel",
  scopeKey: "",
  operator: "gt",
  threshold: "",
  clearThreshold: "",
  raiseMinutes: "15",
  clearMinutes: "15",
  minSeconds: "600",
  severity: "major",
  enabled: true,
};

interface StoredRule {
  name: string;
  metric: string;
  scope: string;
  scopeKey: string | null;
  operator: string;
  threshold: number;
  clearThreshold: number | null;
  raiseMinutes: number;
  clearMinutes: number;
  minSeconds: number;
  severity: string;
  enabled: boolean;
}

export function formOf(rule: StoredRule): RuleFormValues {
  return {
    ...rule,
    scopeKey: rule.scopeKey ?? "",
    threshold: String(rule.threshold),
    clearThreshold: rule.clearThreshold === null ? "" : String(rule.clearThreshold),
    raiseMinutes: String(rule.raiseMinutes),
    clearMinutes: String(rule.clearMinutes),
    minSeconds: String(rule.minSeconds),
  };
}

const num = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

/** The rule to send; the server's schema (alarmRuleInputSchema) judges it and names bad fields. */
export function ruleOf(v: RuleFormValues): AlarmRuleInput {
  return {
    name: v.name,
    metric: v.metric,
    scope: v.scope as AlarmRuleInput["scope"],
    scopeKey: v.scopeKey.trim() === "" ? null : v.scopeKey.trim(),
    operator: v.operator as AlarmRuleInput["operator"],
    threshold: num(v.threshold),
    clearThreshold: v.clearThreshold.trim() === "" ? null : num(v.clearThreshold),
    raiseMinutes: num(v.raiseMinutes),
    clearMinutes: num(v.clearMinutes),
    minSeconds: num(v.minSeconds),
    severity: v.severity as AlarmRuleInput["severity"],
    enabled: v.enabled,
  };
}
