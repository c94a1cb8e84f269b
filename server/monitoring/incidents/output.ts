// Incidents as the console's incidents router and the REST API (server/nbi/rest/resources/incidents.ts)
// send them.
import { z } from "zod";
import { INCIDENT_VERDICTS } from "../../../lib/monitoring/incident-schema";

const verdict = z.enum(INCIDENT_VERDICTS);
// Stored as text: the console narrows verdict / layer / state with lib/monitoring's lists.
export const incidentRowSchema = z.object({
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
export const evidenceSchema = z.object({
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
