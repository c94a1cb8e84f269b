// Incidents over time: each minute (MONITORING_EVALUATE_SECONDS) the last INCIDENT_WINDOW_MINUTES are
// localized, each finding upserts the open incident at its location (verdict, confidence, evidence,
// lastSeenAt), and an open incident unseen for two windows is resolved. Writes run under an advisory
// lock so two processes never open the same incident twice.
import type { Actor } from "../../core/actor";
import { AppError } from "../../core/app-error";
import { recordAudit } from "../../audit/service";
import { startPollLoop } from "../../core/poll-loop";
import { db } from "../../db";
import { settings } from "../../env";
import { emitEvent } from "../../events/outbox";
import { asJson } from "../../json";
import { logger } from "../../logger";
import { loadWindow } from "./data";
import { localizeData, type Finding } from "./localize";

const INCIDENT_LOCK = 110013;

export interface LocalizeWindow {
  from: Date;
  to: Date;
}

export function defaultWindow(now = new Date()): LocalizeWindow {
  return { from: new Date(now.getTime() - settings().INCIDENT_WINDOW_MINUTES * 60_000), to: now };
}

/** The findings of one window (nothing stored). */
export async function localize(window: LocalizeWindow = defaultWindow()): Promise<Finding[]> {
  return localizeData(await loadWindow(window.from, window.to));
}

export interface IncidentRun {
  findings: number;
  opened: number;
  resolved: number;
}

/** Localizes the window ending at `now`, records the findings, resolves what went unseen. */
export async function runIncidents(now = new Date()): Promise<IncidentRun> {
  const findings = await localize(defaultWindow(now));
  const staleBefore = new Date(now.getTime() - 2 * settings().INCIDENT_WINDOW_MINUTES * 60_000);
  return db().$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${INCIDENT_LOCK})`);
      let opened = 0;
      for (const f of findings) {
        const open = await tx.incident.findFirst({ where: { location: f.location, state: "open" } });
        const data = {
          verdict: f.verdict,
          label: f.label,
          layer: f.layer,
          confidence: f.confidence,
          evidence: asJson(f.evidence),
          impairedDevices: f.impairedDevices,
          lastSeenAt: now,
        };
        if (open) {
          // The span grows: the incident began when its first window saw it.
          const evidence = {
            ...f.evidence,
            span: { ...f.evidence.span, from: open.startedAt.toISOString() },
          };
          await tx.incident.update({ where: { id: open.id }, data: { ...data, evidence: asJson(evidence) } });
        } else {
          const incident = await tx.incident.create({
            data: { ...data, location: f.location, startedAt: f.startedAt },
          });
          // Integrators hear of it in the transaction that opens it (evidence stays in the console).
          await emitEvent(tx, "incident.opened", {
            incidentId: incident.id,
            verdict: f.verdict,
            label: f.label,
            layer: f.layer,
            location: f.location,
            confidence: f.confidence,
            impairedDevices: f.impairedDevices,
            startedAt: f.startedAt.toISOString(),
          });
          opened++;
        }
      }
      const { count } = await tx.incident.updateMany({
        where: { state: "open", lastSeenAt: { lt: staleBefore } },
        data: { state: "resolved", resolvedAt: now },
      });
      return { findings: findings.length, opened, resolved: count };
    },
    { timeout: 60_000 },
  );
}

/** Localizes every `pollMs` (MONITORING_EVALUATE_SECONDS, server/monitoring/service.ts). */
export function startIncidents(pollMs: number): { stop(): Promise<void>; tick(): Promise<void> } {
  const loop = startPollLoop(
    pollMs,
    async () => {
      await runIncidents(new Date());
    },
    (err) => logger("incidents").error({ err }, "incident localization failed"),
  );
  return { tick: () => loop.tick(), stop: () => loop.stop() };
}

/** Acknowledges an incident (who and when, audited); a second acknowledgement keeps the first. */
export async function acknowledgeIncident(id: number, actor: Actor): Promise<void> {
  await db().$transaction(async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id } });
    if (!incident) throw new AppError("not_found", "no such incident");
    if (incident.acknowledgedAt) return;
    const at = new Date();
    await tx.incident.update({ where: { id }, data: { acknowledgedBy: actor.username, acknowledgedAt: at } });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "incident.acknowledge",
      target: incident.label,
      after: { incidentId: id, location: incident.location, acknowledgedAt: at.toISOString() },
    });
  });
}
