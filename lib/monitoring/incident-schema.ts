// Incidents: impairments correlated across devices and layers to their most probable injection point,
// with the evidence the NOC reads (Incident.evidence). Isomorphic: the console renders these types.
import { z } from "zod";
import type { Layer } from "./qoe";

export const INCIDENT_VERDICTS = ["headend", "insertion", "access", "home", "model"] as const;
export type IncidentVerdict = (typeof INCIDENT_VERDICTS)[number];
export const INCIDENT_VERDICT_LABELS: Record<IncidentVerdict, string> = {
  headend: "Source / headend",
  insertion: "Regional insertion point",
  access: "Access segment",
  home: "Home network",
  model: "Device model / firmware",
};
/** The layer signature each verdict explains. */
export const VERDICT_LAYER: Record<IncidentVerdict, Layer> = {
  headend: "ts",
  insertion: "ts",
  access: "ip",
  home: "ip",
  model: "decoder",
};

export const INCIDENT_STATES = ["open", "resolved"] as const;

export interface IncidentHypothesis {
  verdict: IncidentVerdict;
  location: string;
  label: string;
  score: number;
  /** Devices of the hypothesis's scope with the layer signature, over all devices of the scope */
  insideRate: number;
  /** The same rate in the comparison population (other regions, nodes, models, channels) */
  outsideRate: number;
  /** Share of the scope's impaired intervals that show the verdict's layer signature */
  layerFit: number;
  devices: number;
}

export interface IncidentEvidence {
  devices: { id: number; serial: string; household: string }[];
  /** Devices explained in all (the list above holds at most MAX_EVIDENCE_DEVICES) */
  deviceCount: number;
  households: number;
  channels: string[];
  regions: string[];
  accessNodes: string[];
  models: string[];
  /** Impaired device-intervals explained, by layer (an interval may count at several layers) */
  layers: Record<Layer, number>;
  intervals: number;
  insideRate: number;
  outsideRate: number;
  layerFit: number;
  /** DSL errored seconds per hour of the gateways concerned, and of the rest (access and home only) */
  dsl: { esPerHour: number; othersEsPerHour: number } | null;
  /** The best other explanations of the same impairments, with their scores */
  competing: IncidentHypothesis[];
  span: { from: string; to: string };
}

export const MAX_EVIDENCE_DEVICES = 50;

export const incidentListSchema = z.object({
  state: z.enum(["open", "resolved", "all"]).default("open"),
  verdict: z.enum(INCIDENT_VERDICTS).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.number().int().min(1).max(2_147_483_647).optional(),
});
export type IncidentListFilter = z.input<typeof incidentListSchema>;
