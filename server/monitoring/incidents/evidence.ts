// What an incident shows: the finding built from the best-scoring candidate, its devices, channels,
// regions, nodes, layer figures, DSL evidence, competing explanations, confidence and time span. Pure.
import {
  MAX_EVIDENCE_DEVICES,
  VERDICT_LAYER,
  type IncidentEvidence,
  type IncidentHypothesis,
  type IncidentVerdict,
} from "../../../lib/monitoring/incident-schema";
import type { IntervalRow, WindowData } from "./data";
import type { Candidate } from "./hypotheses";

export interface Finding {
  verdict: IncidentVerdict;
  location: string;
  label: string;
  layer: string;
  confidence: number;
  impairedDevices: number;
  startedAt: Date;
  lastAt: Date;
  evidence: IncidentEvidence;
}

/** A candidate with the intervals it explains and its figures. */
export interface Scored {
  c: Candidate;
  rows: IntervalRow[];
  devices: number;
  inside: number;
  outside: number;
  fit: number;
  score: number;
}

export const esPerHour = (f: { erroredSecs: number; secs: number } | undefined) =>
  f && f.secs > 0 ? (f.erroredSecs * 3600) / f.secs : 0;

const hypothesis = (s: Scored): IncidentHypothesis => ({
  verdict: s.c.verdict,
  location: s.c.location,
  label: s.c.label,
  score: Math.round(s.score * 1000) / 1000,
  insideRate: Math.round(s.inside * 1000) / 1000,
  outsideRate: Math.round(s.outside * 1000) / 1000,
  layerFit: Math.round(s.fit * 1000) / 1000,
  devices: s.devices,
});

export function finding(best: Scored, competing: Scored[], data: WindowData): Finding {
  const { rows } = best;
  const runnerUp = competing[0]?.score ?? 0;
  const margin = best.score > 0 ? 1 - runnerUp / best.score : 0;
  const confidence =
    Math.max(0, best.inside - best.outside) *
    best.fit *
    (1 - Math.exp(-best.devices / 2)) *
    (0.5 + 0.5 * Math.max(0, margin));
  const byDevice = new Map<number, IntervalRow>();
  for (const r of rows) byDevice.set(r.deviceId, r);
  const names = <K>(keys: Iterable<K>, name: (k: K) => string | undefined) =>
    [...new Set(keys)].flatMap((k) => (k === null ? [] : [name(k) ?? String(k)])).sort();
  const from = Math.min(...rows.map((r) => r.ts));
  const to = Math.max(...rows.map((r) => r.ts + r.secs * 1000));
  const verdict = best.c.verdict;
  const nodeIds = new Set(rows.map((r) => r.nodeId).filter((n) => n !== null));
  let dsl: IncidentEvidence["dsl"] = null;
  if (verdict === "access" || verdict === "home") {
    const inside = { erroredSecs: 0, secs: 0 };
    const others = { erroredSecs: 0, secs: 0 };
    const households = new Set(rows.map((r) => r.household));
    if (verdict === "access")
      for (const [node, f] of data.dslByNode) add(nodeIds.has(node) ? inside : others, f);
    else for (const [h, f] of data.dslByHousehold) add(households.has(h) ? inside : others, f);
    dsl = { esPerHour: round(esPerHour(inside)), othersEsPerHour: round(esPerHour(others)) };
  }
  return {
    verdict,
    location: best.c.location,
    label: best.c.label,
    layer: VERDICT_LAYER[verdict],
    confidence: Math.round(Math.min(1, confidence) * 100) / 100,
    impairedDevices: best.devices,
    startedAt: new Date(from),
    lastAt: new Date(to),
    evidence: {
      devices: [...byDevice.values()]
        .slice(0, MAX_EVIDENCE_DEVICES)
        .map((r) => ({ id: r.deviceId, serial: r.serial, household: r.household })),
      deviceCount: best.devices,
      households: new Set(rows.map((r) => r.household)).size,
      channels: names(
        rows.map((r) => r.channelId),
        (id) => (id === null ? undefined : data.channels.get(id)?.name),
      ),
      regions: names(
        rows.map((r) => r.regionId),
        (id) => (id === null ? undefined : data.regions.get(id)),
      ),
      accessNodes: names(nodeIds, (id) => data.nodes.get(id)),
      models: names(
        rows.map((r) => `${r.model} ${r.software}`),
        (m) => m,
      ),
      layers: {
        ip: rows.filter((r) => r.ip).length,
        ts: rows.filter((r) => r.tsLayer).length,
        decoder: rows.filter((r) => r.decoder).length,
        buffer: rows.filter((r) => r.buffer).length,
      },
      intervals: rows.length,
      insideRate: round(best.inside),
      outsideRate: round(best.outside),
      layerFit: round(best.fit),
      dsl,
      competing: competing.map(hypothesis),
      span: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    },
  };
}

function add(into: { erroredSecs: number; secs: number }, f: { erroredSecs: number; secs: number }) {
  into.erroredSecs += f.erroredSecs;
  into.secs += f.secs;
}

const round = (v: number) => Math.round(v * 1000) / 1000;
