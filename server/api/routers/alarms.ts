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
import { alarmRowSchema, alarmRuleSchema } from "../../monitoring/alarms/output";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const read = permissionProcedure("monitoring.read");
const write = permissionProcedure("alarms.write");
const ok = z.object({ ok: z.literal(true) });

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
