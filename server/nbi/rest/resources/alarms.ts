// REST alarms and alarm rules: the list with the console's filters, the rules (monitoring.read);
// acknowledging and creating a rule (alarms.write). The console's monitoring services, unchanged.
import "server-only";
import { z } from "zod";
import { ALARM_SEVERITIES, alarmRuleInputSchema } from "../../../../lib/monitoring/alarm-schema";
import { alarmRowSchema, alarmRuleSchema } from "../../../monitoring/alarms/output";
import { acknowledgeAlarm, listAlarms } from "../../../monitoring/alarms/queries";
import { createAlarmRule, listAlarmRules } from "../../../monitoring/alarms/rules";
import { decodeCursor, encodeCursor, pageInput, pageOf } from "../pagination";
import { apiProcedure, createApiRouter } from "../trpc";
import { consoleBody, idPath } from "./paging";

const TAGS = ["alarms"];

const alarmSchema = alarmRowSchema.meta({ id: "Alarm" });
const ruleSchema = alarmRuleSchema.meta({ id: "AlarmRule" });

const alarmKey = z.number().int().min(1).max(2_147_483_647);

export const alarmsRoutes = createApiRouter({
  list: apiProcedure("monitoring.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/alarms",
        tags: TAGS,
        summary: "List alarms, newest first",
        protect: true,
      },
    })
    .input(
      z.object({
        ...pageInput,
        state: z
          .enum(["open", "raised", "cleared", "all"])
          .default("open")
          .describe("open = pending, raised or clearing"),
        severity: z.enum(ALARM_SEVERITIES).optional(),
      }),
    )
    .output(pageOf(alarmSchema))
    .query(async ({ input }) => {
      const cursor = decodeCursor(input.cursor, alarmKey);
      const page = await listAlarms({
        state: input.state,
        severity: input.severity,
        limit: input.limit,
        cursor,
      });
      return { items: page.rows, nextCursor: page.next === null ? null : encodeCursor(page.next) };
    }),

  acknowledge: apiProcedure("alarms.write")
    .meta({
      openapi: {
        method: "POST",
        path: "/alarms/{id}/acknowledge",
        tags: TAGS,
        summary: "Acknowledge an alarm (a second acknowledgement keeps the first)",
        protect: true,
      },
    })
    .input(idPath)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await acknowledgeAlarm(input.id, ctx.principal.actor);
      return { ok: true as const };
    }),

  rules: apiProcedure("monitoring.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/alarms/rules",
        tags: TAGS,
        summary: "List alarm rules",
        protect: true,
      },
    })
    .input(z.object({}))
    .output(z.object({ items: z.array(ruleSchema) }))
    .query(async () => ({ items: await listAlarmRules() })),

  createRule: apiProcedure("alarms.write")
    .meta({
      openapi: {
        method: "POST",
        path: "/alarms/rules",
        tags: TAGS,
        summary: "Create an alarm rule",
        protect: true,
      },
    })
    .input(consoleBody(alarmRuleInputSchema))
    .output(z.object({ id: z.number().int() }))
    .mutation(({ ctx, input }) => createAlarmRule(ctx.principal.actor, input)),
});
