// The alarms page: the list (open, raised, cleared, all; newest first, keyset pages), counts by severity
// for the overview, and acknowledgement with who and when (audited).
import {
  alarmListSchema,
  OPEN_ALARM_STATES,
  type AlarmListFilter,
} from "../../../lib/monitoring/alarm-schema";
import type { Actor } from "../../core/actor";
import { AppError } from "../../core/app-error";
import { recordAudit } from "../../audit/service";
import { db } from "../../db";
import type { Prisma } from "../../generated/prisma/client";

export interface AlarmRow {
  id: number;
  ruleId: number;
  ruleName: string;
  metric: string;
  severity: string;
  threshold: number;
  operator: string;
  scope: string;
  scopeKey: string;
  scopeLabel: string;
  state: string;
  value: number;
  peakValue: number;
  firstSeenAt: Date;
  raisedAt: Date | null;
  clearedAt: Date | null;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
}

export async function listAlarms(
  filter: AlarmListFilter = {},
): Promise<{ rows: AlarmRow[]; next: number | null }> {
  const f = alarmListSchema.parse(filter);
  const where: Prisma.AlarmWhereInput = {
    ...(f.state === "open" ? { state: { in: [...OPEN_ALARM_STATES] } } : {}),
    ...(f.state === "raised" ? { state: { in: ["raised", "clearing"] } } : {}),
    ...(f.state === "cleared" ? { state: "cleared" } : {}),
    ...(f.ruleId ? { ruleId: f.ruleId } : {}),
    ...(f.severity ? { rule: { severity: f.severity } } : {}),
    ...(f.unacknowledged ? { acknowledgedAt: null } : {}),
    ...(f.cursor ? { id: { lt: f.cursor } } : {}),
  };
  const rows = await db().alarm.findMany({
    where,
    include: {
      rule: { select: { name: true, metric: true, severity: true, threshold: true, operator: true } },
    },
    orderBy: { id: "desc" },
    take: f.limit + 1,
  });
  const page = rows.slice(0, f.limit).map(({ rule, ...a }) => ({
    ...a,
    ruleName: rule.name,
    metric: rule.metric,
    severity: rule.severity,
    threshold: rule.threshold,
    operator: rule.operator,
  }));
  return { rows: page, next: rows.length > f.limit ? (page[page.length - 1]?.id ?? null) : null };
}

/** Raised (or clearing) alarms by severity, and how many of them nobody acknowledged yet. */
export async function alarmCounts(): Promise<{ severity: string; raised: number; unacknowledged: number }[]> {
  const rows = await db().$queryRawUnsafe<{ severity: string; raised: number; unacked: number }[]>(
    `SELECT r.severity, count(*)::int AS raised, (count(*) FILTER (WHERE a."acknowledgedAt" IS NULL))::int AS unacked
     FROM "Alarm" a JOIN "AlarmRule" r ON r.id = a."ruleId" WHERE a.state IN ('raised', 'clearing') GROUP BY 1`,
  );
  return rows.map((r) => ({ severity: r.severity, raised: r.raised, unacknowledged: r.unacked }));
}

/** Acknowledges a raised, clearing or cleared alarm; a second acknowledgement keeps the first. */
export async function acknowledgeAlarm(id: number, actor: Actor): Promise<void> {
  await db().$transaction(async (tx) => {
    const alarm = await tx.alarm.findUnique({ where: { id }, include: { rule: { select: { name: true } } } });
    if (!alarm) throw new AppError("not_found", "no such alarm");
    if (alarm.state === "pending") throw new AppError("conflict", "the alarm is not raised yet");
    if (alarm.acknowledgedAt) return;
    const at = new Date();
    await tx.alarm.update({ where: { id }, data: { acknowledgedBy: actor.username, acknowledgedAt: at } });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "alarm.acknowledge",
      target: `${alarm.rule.name}: ${alarm.scopeLabel || alarm.scopeKey}`,
      after: { alarmId: id, state: alarm.state, acknowledgedAt: at.toISOString() },
    });
  });
}
