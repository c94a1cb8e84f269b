// Incidents for the console: the list (open first by default, newest first, keyset pages) and one
// incident with its evidence.
import {
  incidentListSchema,
  type IncidentEvidence,
  type IncidentListFilter,
} from "../../../lib/monitoring/incident-schema";
import { AppError } from "../../core/app-error";
import { db } from "../../db";
import type { Prisma } from "../../generated/prisma/client";

export interface IncidentRow {
  id: number;
  verdict: string;
  location: string;
  label: string;
  layer: string;
  confidence: number;
  state: string;
  startedAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  impairedDevices: number;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
}

const SUMMARY = {
  id: true,
  verdict: true,
  location: true,
  label: true,
  layer: true,
  confidence: true,
  state: true,
  startedAt: true,
  lastSeenAt: true,
  resolvedAt: true,
  impairedDevices: true,
  acknowledgedBy: true,
  acknowledgedAt: true,
} as const;

export async function listIncidents(
  filter: IncidentListFilter = {},
): Promise<{ rows: IncidentRow[]; next: number | null }> {
  const f = incidentListSchema.parse(filter);
  const where: Prisma.IncidentWhereInput = {
    ...(f.state !== "all" ? { state: f.state } : {}),
    ...(f.verdict ? { verdict: f.verdict } : {}),
    ...(f.cursor ? { id: { lt: f.cursor } } : {}),
  };
  const rows = await db().incident.findMany({
    where,
    select: SUMMARY,
    orderBy: { id: "desc" },
    take: f.limit + 1,
  });
  const page = rows.slice(0, f.limit);
  return { rows: page, next: rows.length > f.limit ? (page[page.length - 1]?.id ?? null) : null };
}

export async function getIncident(id: number): Promise<IncidentRow & { evidence: IncidentEvidence }> {
  const row = await db().incident.findUnique({ where: { id }, select: { ...SUMMARY, evidence: true } });
  if (!row) throw new AppError("not_found", "no such incident");
  return { ...row, evidence: row.evidence as unknown as IncidentEvidence };
}

export async function openIncidentCount(): Promise<number> {
  return db().incident.count({ where: { state: "open" } });
}
