// Alarm rules as the console submits them and AlarmRule stores them: a KPI (lib/monitoring/kpis.ts), a
// scope, a threshold with its clear threshold (hysteresis) and how long each must hold. Isomorphic.
import { z } from "zod";
import { findLineKpi, findStreamKpi, KPI_KEYS } from "./kpis";

export const ALARM_SCOPES = [
  "device",
  "household",
  "channel",
  "access_node",
  "region",
  "model",
  "fleet",
] as const;
export type AlarmScope = (typeof ALARM_SCOPES)[number];
export const ALARM_SCOPE_LABELS: Record<AlarmScope, string> = {
  device: "Device",
  household: "Household",
  channel: "Channel",
  access_node: "Access node",
  region: "Region",
  model: "Model",
  fleet: "Fleet",
};

export const ALARM_SEVERITIES = ["critical", "major", "minor", "warning"] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];
export const ALARM_OPERATORS = ["gt", "lt"] as const;
export const ALARM_STATES = ["pending", "raised", "clearing", "cleared"] as const;
export type AlarmState = (typeof ALARM_STATES)[number];
/** States of an alarm that is still open (one per rule, scope and key). */
export const OPEN_ALARM_STATES = ["pending", "raised", "clearing"] as const;

const minutes = z
  .number()
  .int()
  .min(0)
  .max(24 * 60);

const ruleFields = z.object({
  name: z.string().trim().min(1).max(100),
  metric: z.enum(KPI_KEYS as [string, ...string[]]),
  scope: z.enum(ALARM_SCOPES),
  /** Only this scope value (a channel id, access node id, model name ...); every value when absent */
  scopeKey: z.string().trim().min(1).max(200).nullish(),
  operator: z.enum(ALARM_OPERATORS).default("gt"),
  threshold: z.number().finite(),
  /** Back beyond this to clear; the threshold when absent */
  clearThreshold: z.number().finite().nullish(),
  raiseMinutes: minutes.default(15),
  clearMinutes: minutes.default(15),
  minSeconds: z.number().int().min(0).max(10_000_000).default(600),
  severity: z.enum(ALARM_SEVERITIES).default("major"),
  enabled: z.boolean().default(true),
});

type RuleShape = z.infer<typeof ruleFields>;

function checkRule(rule: Partial<RuleShape>, ctx: z.RefinementCtx): void {
  const line = rule.metric !== undefined && findLineKpi(rule.metric) !== undefined;
  if (line && rule.scope === "channel")
    ctx.addIssue({ code: "custom", path: ["scope"], message: "a DSL metric has no channel scope" });
  if (rule.metric && !findStreamKpi(rule.metric) && !line)
    ctx.addIssue({ code: "custom", path: ["metric"], message: "unknown metric" });
  const { operator = "gt", threshold, clearThreshold } = rule;
  if (threshold !== undefined && clearThreshold !== undefined && clearThreshold !== null) {
    const wrongSide = operator === "gt" ? clearThreshold > threshold : clearThreshold < threshold;
    if (wrongSide)
      ctx.addIssue({
        code: "custom",
        path: ["clearThreshold"],
        message: operator === "gt" ? "must be at most the threshold" : "must be at least the threshold",
      });
  }
}

export const alarmRuleInputSchema = ruleFields.superRefine(checkRule);
export type AlarmRuleInput = z.input<typeof alarmRuleInputSchema>;
export type AlarmRuleValues = z.output<typeof alarmRuleInputSchema>;

export const alarmRuleUpdateSchema = z.object({
  id: z.number().int().min(1).max(2_147_483_647),
  patch: ruleFields.partial().superRefine(checkRule),
});
export type AlarmRuleUpdate = z.input<typeof alarmRuleUpdateSchema>;

export const alarmListSchema = z.object({
  /** "open" = pending, raised or clearing */
  state: z.enum(["open", "raised", "cleared", "all"]).default("open"),
  severity: z.enum(ALARM_SEVERITIES).optional(),
  ruleId: z.number().int().min(1).max(2_147_483_647).optional(),
  unacknowledged: z.boolean().optional(),
  limit: z.number().int().min(1).max(500).default(100),
  cursor: z.number().int().min(1).max(2_147_483_647).optional(),
});
export type AlarmListFilter = z.input<typeof alarmListSchema>;

/** Breach: the value is beyond the threshold. Clear: back on the good side of the clear threshold. */
export function breaches(operator: string, value: number, threshold: number): boolean {
  return operator === "lt" ? value < threshold : value > threshold;
}

export function clears(operator: string, value: number, clearThreshold: number): boolean {
  return operator === "lt" ? value >= clearThreshold : value <= clearThreshold;
}
