// Incidents (fault localization): the list and one incident with its evidence are reads
// (monitoring.read); acknowledging needs alarms.write. Localization runs in server/monitoring/incidents.
import "server-only";
import { z } from "zod";
import { recordId } from "../../../lib/ids";
import { INCIDENT_VERDICTS, incidentListSchema } from "../../../lib/monitoring/incident-schema";
import { getIncident, listIncidents } from "../../monitoring/incidents/queries";
import { acknowledgeIncident } from "../../monitoring/incidents/service";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const read = permissionProcedure("monitoring.read");
const write = permissionProcedure("alarms.write");

const verdict = z.enum(INCIDENT_VERDICTS);
// Stored as text: the console narrows verdict / layer / state with lib/monitoring's lists.
const incidentRowSchema = z.object({
  id: z.number(),
  verdict: z.string(),
  location: z.string(),
  label: z.string(),
  layer: z.string(),
  confidence: z.number(),
  state: z.string(),
  startedAt: z.date(),
  lastSeenAt: z.date(),
  resolvedAt: z.date().nullable(),
  impairedDevices: z.number(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.date().nullable(),
});

const hypothesisSchema = z.object({
  verdict,
  location: z.string(),
  label: z.string(),
  score: z.number(),
  insideRate: z.number(),
  outsideRate: z.number(),
  layerFit: z.number(),
  devices: z.number(),
});

// Evidence is JSON written by the localizer: defaults keep an older row (or a missing field) readable.
const evidenceSchema = z.object({
  devices: z.array(z.object({ id: z.number(), serial: z.string(), household: z.string() })).default([]),
  deviceCount: z.number().default(0),
  households: z.number().default(0),
  channels: z.array(z.string()).default([]),
  regions: z.array(z.string()).default([]),
  accessNodes: z.array(z.string()).default([]),
  models: z.array(z.string()).default([]),
  layers: z
    .object({ ip: z.number(), ts: z.number(), decoder: z.number(), buffer: z.number() })
    .default({ ip: 0, ts: 0, decoder: 0, buffer: 0 }),
  intervals: z.number().default(0),
  insideRate: z.number().default(0),
  outsideRate: z.number().default(0),
  layerFit: z.number().default(0),
  dsl: z.object({ esPerHour: z.number(), othersEsPerHour: z.number() }).nullable().default(null),
  competing: z.array(hypothesisSchema).default([]),
  span: z.object({ from: z.string(), to: z.string() }).nullable().default(null),
});

export const incidentsRouter = createTRPCRouter({
  list: read
    .input(incidentListSchema.default({ state: "open", limit: 50 }))
    .output(z.object({ rows: z.array(incidentRowSchema), next: z.number().nullable() }))
    .query(({ input }) => listIncidents(input)),
  get: read
    .input(z.object({ id: recordId }))
    .output(incidentRowSchema.extend({ evidence: evidenceSchema }))
    .query(({ input }) => getIncident(input.id)),
  acknowledge: write
    .input(z.object({ id: recordId }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await acknowledgeIncident(input.id, ctx.operator);
      return { ok: true as const };
    }),
});
