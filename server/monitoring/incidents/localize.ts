// Fault localization over one window, pure: every candidate injection point is scored by how many
// impaired devices it explains, how specific it is (its layer signature's rate inside the scope minus
// the rate in the comparison population) and how well the signature fits the scope's impairments; the
// best is taken, the intervals it explains removed, and the rest scored again (simultaneous faults).
// Minimum evidence keeps a clean fleet with background noise free of incidents.
import { esPerHour, finding, type Finding, type Scored } from "./evidence";
import type { IntervalRow, WindowData } from "./data";
import { candidatesFor, channelAttributable, signatureOf, type Candidate } from "./hypotheses";

export type { Finding } from "./evidence";

export const LOCALIZE = {
  /** Incidents one window yields at most */
  maxIncidents: 10,
  minDevices: 2,
  /** Impaired intervals a single household needs (or DSL errors on its line) */
  minHomeIntervals: 2,
  minHomeLossEvents: 3,
  homeDslEsPerHour: 10,
  minSpecificity: 0.05,
  minScore: 0.25,
  /** A finding less sure than this (thin, unspecific or contested evidence) is no incident */
  minConfidence: 0.2,
} as const;

function rates(c: Candidate, data: WindowData): { inside: number; outside: number; fit: number } {
  let inRows = 0;
  let inSig = 0;
  let inAny = 0;
  let outRows = 0;
  let outSig = 0;
  if (c.household !== undefined) {
    for (const r of data.rows) {
      if (r.household !== c.household) continue;
      inRows++;
      if (signatureOf(r) === c.sig) inSig++;
      if (r.ip || r.tsLayer || r.decoder || r.buffer) inAny++;
    }
  }
  for (const g of data.groups) {
    if (c.household === undefined && c.inScope(g)) {
      inRows += g.rows;
      inSig += g[c.sig];
      inAny += g.any;
    } else if (c.compare(g)) {
      outRows += g.rows;
      outSig += g[c.sig];
    }
  }
  if (c.household !== undefined) {
    // The comparison population's groups include the household's own intervals: take them out.
    outRows = Math.max(0, outRows - inRows);
    outSig = Math.max(0, outSig - inSig);
  }
  return {
    inside: inRows > 0 ? inSig / inRows : 0,
    outside: outRows > 0 ? outSig / outRows : 0,
    fit: inAny > 0 ? inSig / inAny : 0,
  };
}

function valid(s: Scored, data: WindowData): boolean {
  const { c, rows } = s;
  if (s.inside - s.outside < LOCALIZE.minSpecificity || s.score < LOCALIZE.minScore) return false;
  const regions = new Set(rows.map((r) => r.regionId));
  const knownRegions = [...regions].filter((r) => r !== null).length;
  const multiRegion = knownRegions >= 2 || (regions.size === 1 && regions.has(null));
  switch (c.verdict) {
    case "headend":
      if (!multiRegion || s.devices < LOCALIZE.minDevices) return false;
      return c.wide ? channelsOf(rows) >= 2 : true;
    case "home":
      // Isolated loss events on a household's boxes happen; a home fault repeats them (or shows on the line).
      return (
        (rows.length >= LOCALIZE.minHomeIntervals &&
          rows.reduce((a, r) => a + r.lossEvents, 0) >= LOCALIZE.minHomeLossEvents) ||
        esPerHour(data.dslByHousehold.get(c.household ?? "")) >= LOCALIZE.homeDslEsPerHour
      );
    case "access":
      return s.devices >= LOCALIZE.minDevices && new Set(rows.map((r) => r.household)).size >= 2;
    default:
      return s.devices >= LOCALIZE.minDevices;
  }
}

const channelsOf = (rows: readonly IntervalRow[]) => new Set(rows.map((r) => r.channelId)).size;

function score(c: Candidate, remaining: readonly IntervalRow[], data: WindowData): Scored {
  const rows = remaining.filter(
    (r) => signatureOf(r) === c.sig && c.inScope(r) && (!c.channelScoped || channelAttributable(r)),
  );
  const devices = new Set(rows.map((r) => r.deviceId)).size;
  const { inside, outside, fit } = rates(c, data);
  return { c, rows, devices, inside, outside, fit, score: devices * Math.max(0, inside - outside) * fit };
}

export function localizeData(input: WindowData): Finding[] {
  const data = { ...input, groups: input.groups.map((g) => ({ ...g })) };
  const findings: Finding[] = [];
  let remaining = data.rows.filter((r) => signatureOf(r) !== null);
  for (let round = 0; round < LOCALIZE.maxIncidents && remaining.length > 0; round++) {
    const scored = candidatesFor(remaining, data)
      .map((c) => score(c, remaining, data))
      .filter((s) => s.rows.length > 0)
      // Equal scores: the narrower explanation (a model's version rather than every version of it).
      .sort(
        (a, b) =>
          b.score - a.score ||
          b.c.location.length - a.c.location.length ||
          a.c.location.localeCompare(b.c.location),
      );
    let best: { s: Scored; f: Finding } | undefined;
    for (const s of scored) {
      if (!valid(s, data)) continue;
      const taken = new Set(s.rows);
      const competing = scored.filter((o) => o !== s && o.rows.some((r) => taken.has(r))).slice(0, 5);
      const f = finding(s, competing, data);
      if (f.confidence < LOCALIZE.minConfidence) continue;
      best = { s, f };
      break;
    }
    if (!best) break;
    findings.push(best.f);
    const taken = new Set(best.s.rows);
    remaining = remaining.filter((r) => !taken.has(r));
    forget(data, best.s.rows);
  }
  return findings;
}

const groupKey = (d: Pick<IntervalRow, "channelId" | "regionId" | "nodeId" | "model" | "software">) =>
  `${d.channelId}|${d.regionId}|${d.nodeId}|${d.model}|${d.software}`;

/** Explained intervals count as clean in later rounds' rates, so one fault does not lend its rate to the next. */
function forget(data: WindowData, rows: readonly IntervalRow[]): void {
  const groups = new Map(data.groups.map((g) => [groupKey(g), g]));
  for (const r of rows) {
    const g = groups.get(groupKey(r));
    const sig = signatureOf(r);
    if (!g || !sig) continue;
    g[sig] = Math.max(0, g[sig] - 1);
    g.any = Math.max(0, g.any - 1);
  }
}
