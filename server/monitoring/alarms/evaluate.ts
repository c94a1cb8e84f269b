// Alarm evaluation, every minute (MONITORING_EVALUATE_SECONDS): each enabled rule's value per scope
// over its last raiseMinutes (at least one collection interval, so a window always holds data), then
// the state machine per (rule, scope, key). Reads happen outside any transaction; each rule's writes
// run in one short transaction under an advisory lock on the rule, so two ACS processes evaluating at
// once never open an alarm twice.
import { OPEN_ALARM_STATES, type AlarmScope } from "../../../lib/monitoring/alarm-schema";
import { startPollLoop } from "../../core/poll-loop";
import { db } from "../../db";
import { emitEvent } from "../../events/outbox";
import { settings } from "../../env";
import type { AlarmRule, Prisma } from "../../generated/prisma/client";
import { logger } from "../../logger";
import { seedDefaultAlarmRules } from "./rules";
import { stepAlarm, type AlarmSnapshot } from "./state";
import { scopeValues, type ScopeValue } from "./values";
import { scopeLabels } from "./labels";

/** New alarms one rule opens per run at most (the worst scopes first); open ones are always followed. */
export const MAX_NEW_ALARMS_PER_RULE = 200;
const ALARM_LOCK = 110012;

export interface EvaluationResult {
  rules: number;
  created: number;
  raised: number;
  cleared: number;
}

function windowOf(rule: AlarmRule, now: Date): Date {
  const minutes = Math.max(rule.raiseMinutes, settings().MONITORING_POLL_MINUTES, 1);
  return new Date(now.getTime() - minutes * 60_000);
}

/** Integrators' alarm.raised / alarm.cleared (webhooks), in the transaction that changes the alarm. */
function announce(
  tx: Prisma.TransactionClient,
  type: "alarm.raised" | "alarm.cleared",
  rule: AlarmRule,
  alarm: { id: number; scope: string; scopeKey: string; scopeLabel: string; value: number },
): Promise<void> {
  return emitEvent(tx, type, {
    alarmId: alarm.id,
    ruleId: rule.id,
    rule: rule.name,
    metric: rule.metric,
    severity: rule.severity,
    scope: alarm.scope,
    scopeKey: alarm.scopeKey,
    scopeLabel: alarm.scopeLabel,
    value: alarm.value,
  });
}

/** Worst first: furthest beyond the threshold in the rule's direction. */
const badness = (rule: AlarmRule, v: ScopeValue) => (rule.operator === "lt" ? -v.value : v.value);

export async function evaluateRule(rule: AlarmRule, now: Date, result: EvaluationResult): Promise<void> {
  const values = await scopeValues(
    {
      metric: rule.metric,
      scope: rule.scope as AlarmScope,
      scopeKey: rule.scopeKey,
      minSeconds: rule.minSeconds,
    },
    windowOf(rule, now),
    now,
  );
  const byKey = new Map(values.map((v) => [v.key, v]));
  await db().$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${ALARM_LOCK}, ${rule.id})`);
      const open = await tx.alarm.findMany({
        where: { ruleId: rule.id, state: { in: [...OPEN_ALARM_STATES] } },
      });
      const openKeys = new Set(open.map((a) => a.scopeKey));
      for (const alarm of open) {
        const step = stepAlarm(alarm as AlarmSnapshot, byKey.get(alarm.scopeKey)?.value ?? null, rule, now);
        if (step.kind === "delete") await tx.alarm.delete({ where: { id: alarm.id } });
        if (step.kind !== "update") continue;
        const { state, value, peakValue, raisedAt, clearedAt } = step.alarm;
        if (state === "raised" && alarm.state === "pending") result.raised++;
        if (state === "cleared") result.cleared++;
        await tx.alarm.update({
          where: { id: alarm.id },
          data: { state, value, peakValue, raisedAt, clearedAt },
        });
        if (state === "raised" && alarm.state === "pending")
          await announce(tx, "alarm.raised", rule, { ...alarm, value });
        if (state === "cleared" && alarm.state !== "cleared")
          await announce(tx, "alarm.cleared", rule, { ...alarm, value });
      }
      const fresh = values
        .filter((v) => !openKeys.has(v.key))
        .map((v) => ({ v, step: stepAlarm(null, v.value, rule, now) }))
        .filter((c) => c.step.kind === "create")
        .sort((a, b) => badness(rule, b.v) - badness(rule, a.v))
        .slice(0, MAX_NEW_ALARMS_PER_RULE);
      if (fresh.length === 0) return;
      const labels = await scopeLabels(
        tx,
        rule.scope as AlarmScope,
        fresh.map((c) => c.v.key),
      );
      const created = await tx.alarm.createManyAndReturn({
        data: fresh.map(({ v, step }) => {
          const alarm = (step as { alarm: AlarmSnapshot }).alarm;
          if (alarm.state === "raised") result.raised++;
          return {
            ruleId: rule.id,
            scope: rule.scope,
            scopeKey: v.key,
            scopeLabel: labels.get(v.key) ?? v.key,
            ...alarm,
          };
        }),
      });
      for (const alarm of created)
        if (alarm.state === "raised") await announce(tx, "alarm.raised", rule, alarm);
      result.created += fresh.length;
    },
    { timeout: 60_000 },
  );
}

export async function evaluateAlarms(now = new Date(), stopped: () => boolean = () => false) {
  const rules = await db().alarmRule.findMany({ where: { enabled: true }, orderBy: { id: "asc" } });
  const result: EvaluationResult = { rules: 0, created: 0, raised: 0, cleared: 0 };
  for (const rule of rules) {
    if (stopped()) break;
    try {
      await evaluateRule(rule, now, result);
      result.rules++;
    } catch (error) {
      // One rule's failure (a metric removed from the catalogue, a timeout) never stops the others.
      logger("alarms").error({ err: error, ruleId: rule.id }, "alarm rule evaluation failed");
    }
  }
  return result;
}

/** Seeds the default rules once, then evaluates every `pollMs` (MONITORING_EVALUATE_SECONDS). */
export function startAlarms(pollMs: number): { stop(): Promise<void>; tick(): Promise<void> } {
  const seeded = seedDefaultAlarmRules().catch((err: unknown) =>
    logger("alarms").error({ err }, "seeding the default alarm rules failed"),
  );
  const loop = startPollLoop(
    pollMs,
    async (stopped) => {
      await seeded;
      await evaluateAlarms(new Date(), stopped);
    },
    (err) => logger("alarms").error({ err }, "alarm evaluation failed"),
  );
  return {
    tick: () => loop.tick(),
    stop: async () => {
      await seeded;
      await loop.stop();
    },
  };
}
