// Alarm rules: create, update, delete (each audited), list, and the default rules seeded once per
// database (an audit row marks the seeding, so rules an operator deleted do not come back on restart).
import {
  alarmRuleInputSchema,
  alarmRuleUpdateSchema,
  type AlarmRuleInput,
  type AlarmRuleUpdate,
} from "../../../lib/monitoring/alarm-schema";
import type { Actor } from "../../core/actor";
import { AppError } from "../../core/app-error";
import { recordAudit } from "../../audit/service";
import { db } from "../../db";
import type { AlarmRule } from "../../generated/prisma/client";

export async function listAlarmRules(): Promise<AlarmRule[]> {
  return db().alarmRule.findMany({ orderBy: { id: "asc" }, take: 1000 });
}

export async function createAlarmRule(actor: Actor, input: AlarmRuleInput): Promise<{ id: number }> {
  const values = alarmRuleInputSchema.parse(input);
  return db().$transaction(async (tx) => {
    const rule = await tx.alarmRule.create({ data: { ...values, createdBy: actor.username } });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "alarm-rule.create",
      target: rule.name,
      after: values,
    });
    return { id: rule.id };
  });
}

export async function updateAlarmRule(actor: Actor, update: AlarmRuleUpdate): Promise<void> {
  const { id, patch } = alarmRuleUpdateSchema.parse(update);
  await db().$transaction(async (tx) => {
    const before = await tx.alarmRule.findUnique({ where: { id } });
    if (!before) throw new AppError("not_found", "no such alarm rule");
    // The merged rule must still make sense (e.g. a clear threshold on the right side of a new threshold).
    const merged = alarmRuleInputSchema.safeParse({ ...before, ...patch });
    if (!merged.success)
      throw new AppError("invalid_input", merged.error.issues[0]?.message ?? "invalid rule");
    const after = await tx.alarmRule.update({ where: { id }, data: patch });
    // Open alarms of a rule whose scope or metric changed no longer mean what they say: close them.
    if (before.metric !== after.metric || before.scope !== after.scope || before.scopeKey !== after.scopeKey)
      await tx.alarm.updateMany({
        where: { ruleId: id, state: { in: ["pending", "raised", "clearing"] } },
        data: { state: "cleared", clearedAt: new Date() },
      });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "alarm-rule.update",
      target: after.name,
      before,
      after,
    });
  });
}

export async function deleteAlarmRule(actor: Actor, id: number): Promise<void> {
  await db().$transaction(async (tx) => {
    const rule = await tx.alarmRule.findUnique({ where: { id } });
    if (!rule) throw new AppError("not_found", "no such alarm rule");
    await tx.alarmRule.delete({ where: { id } });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "alarm-rule.delete",
      target: rule.name,
      before: rule,
    });
  });
}

/** The rules a new installation starts with (TR-126 targets, domain.md §4). */
export const DEFAULT_ALARM_RULES: readonly AlarmRuleInput[] = [
  {
    name: "IP loss events on a device",
    metric: "loss_events_per_hour",
    scope: "device",
    threshold: 1,
    clearThreshold: 0.5,
    severity: "minor",
  },
  {
    name: "MPEG-TS continuity errors on a channel",
    metric: "cc_errors_per_hour",
    scope: "channel",
    threshold: 1,
    clearThreshold: 0.5,
    minSeconds: 1800,
    severity: "major",
  },
  {
    name: "Frozen picture on a device",
    metric: "frozen_fraction",
    scope: "device",
    threshold: 0.005,
    clearThreshold: 0.002,
    severity: "minor",
  },
  {
    name: "Slow channel changes on a channel",
    metric: "zap_p95",
    scope: "channel",
    threshold: 2000,
    clearThreshold: 1800,
    minSeconds: 1800,
    severity: "warning",
  },
  {
    name: "DSL errored seconds behind an access node",
    metric: "dsl_es_per_hour",
    scope: "access_node",
    threshold: 10,
    clearThreshold: 5,
    minSeconds: 3600,
    severity: "major",
  },
  {
    name: "Fleet QoE below target",
    metric: "qoe",
    scope: "fleet",
    operator: "lt",
    threshold: 3.5,
    clearThreshold: 3.8,
    minSeconds: 3600,
    severity: "critical",
  },
];

const SEEDED = "alarm-rule.seed-defaults";

/** Creates the default rules unless this database was seeded before. */
export async function seedDefaultAlarmRules(): Promise<number> {
  return db().$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(110011)`);
    if (await tx.auditLog.findFirst({ where: { action: SEEDED }, select: { id: true } })) return 0;
    for (const rule of DEFAULT_ALARM_RULES)
      await tx.alarmRule.create({ data: { ...alarmRuleInputSchema.parse(rule), createdBy: "system" } });
    await recordAudit(tx, {
      operatorId: null,
      action: SEEDED,
      target: `${DEFAULT_ALARM_RULES.length} rules`,
    });
    return DEFAULT_ALARM_RULES.length;
  });
}
