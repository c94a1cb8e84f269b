// Alarms and alarm rules as the console's alarms router and the REST API (server/nbi/rest/resources/
// alarms.ts) send them.
import { z } from "zod";

// Stored as text (the services type them as strings); the console narrows with lib/monitoring's lists.
export const alarmRowSchema = z.object({
  id: z.number(),
  ruleId: z.number(),
  ruleName: z.string(),
  metric: z.string(),
  severity: z.string(),
  threshold: z.number(),
  operator: z.string(),
  scope: z.string(),
  scopeKey: z.string(),
  scopeLabel: z.string(),
  state: z.string(),
  value: z.number(),
  peakValue: z.number(),
  firstSeenAt: z.date(),
  raisedAt: z.date().nullable(),
  clearedAt: z.date().nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.date().nullable(),
});

export const alarmRuleSchema = z.object({
  id: z.number(),
  name: z.string(),
  metric: z.string(),
  scope: z.string(),
  scopeKey: z.string().nullable(),
  operator: z.string(),
  threshold: z.number(),
  clearThreshold: z.number().nullable(),
  raiseMinutes: z.number(),
  clearMinutes: z.number(),
  minSeconds: z.number(),
  severity: z.string(),
  enabled: z.boolean(),
  createdBy: z.string(),
});
