// Alarms and their rules: the list with filters and the counts are reads (monitoring.read); rule
// create / edit / disable / delete and acknowledgement need alarms.write. The rules and the state
// machine live in server/monitoring/alarms.
import "server-only";
import { z } from "zod";
import { recordId } from "../../../lib/ids";
import {
  alarmListSchema,
  alarmRuleInputSchema,
  alarmRuleUpdateSchema,
} from "../../../lib/monitoring/alarm-schema";
import { acknowledgeAlarm, alarmCounts, listAlarms } from "../../monitoring/alarms/queries";
import {
  createAlarmRule,
  deleteAlarmRule,
  listAlarmRules,
  updateAlarmRule,
} from "../../monitoring/alarms/rules";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const read = permissionProcedure("monitoring.read");
const write = permissionProcedure("alarms.write");
const ok = z.object({ ok: z.literal(true) });

// Stored as text (the services type them as strings); the console narrows with lib/monitoring's lists.
const alarmRowSchema = z.object({
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

const alarmRuleSchema = z.object({
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

export const alarmsRouter = createTRPCRouter({
  list: read
    .input(alarmListSchema.default({ state: "open", limit: 100 }))
    .output(
      z.object({
        rows: z.array(alarmRowSchema),
        next: z.number().nullable(),
      }),
    )
    .query(({ input }) => listAlarms(input)),
  counts: read
    .input(z.object({}).default({}))
    .output(z.array(z.object({ severity: z.string(), raised: z.number(), unacknowledged: z.number() })))
    .query(() => alarmCounts()),
  acknowledge: write
    .input(z.object({ id: recordId }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await acknowledgeAlarm(input.id, ctx.operator);
      return { ok: true as const };
    }),

  rules: read
    .input(z.object({}).default({}))
    .output(z.array(alarmRuleSchema))
    .query(() => listAlarmRules()),
  createRule: write
    .input(alarmRuleInputSchema)
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => createAlarmRule(ctx.operator, input)),
  updateRule: write
    .input(alarmRuleUpdateSchema)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await updateAlarmRule(ctx.operator, input);
      return { ok: true as const };
    }),
  deleteRule: write
    .input(z.object({ id: recordId }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await deleteAlarmRule(ctx.operator, input.id);
      return { ok: true as const };
    }),
});
