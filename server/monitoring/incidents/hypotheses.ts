// The candidate injection points for a set of impaired intervals, one family per verdict: which
// intervals a candidate covers (its scope), which layer signature it explains, and the population it is
// compared with (the same channel in other regions, other nodes, other models ...). Pure.
import type { IncidentVerdict } from "../../../lib/monitoring/incident-schema";
import type { GroupTotal, IntervalRow, WindowData } from "./data";

export type Signature = "ip" | "ts" | "decoder";

/**
 * An interval attributes its TS errors to its channel only when the box did not zap in it: errors seen
 * on the previous channel would otherwise spread over every channel people zapped to.
 */
export const channelAttributable = (r: IntervalRow) => r.zaps === 0 && r.channelId !== null;

/** An interval's signature: IP loss dominates (it causes TS and decoder errors), then TS, then decoder. */
export function signatureOf(r: IntervalRow): Signature | null {
  if (r.ip) return "ip";
  if (r.tsLayer) return "ts";
  if (r.decoder) return "decoder";
  return null;
}

type Dims = Pick<GroupTotal, "channelId" | "regionId" | "nodeId" | "model" | "software">;

export interface Candidate {
  verdict: IncidentVerdict;
  location: string;
  label: string;
  sig: Signature;
  inScope(d: Dims & { household?: string }): boolean;
  /** Only intervals whose channel is certain (channel-scoped verdicts) */
  channelScoped?: boolean;
  /** The comparison population (never inside the scope) */
  compare(d: Dims): boolean;
  /** For home: the household (its rates come from its own intervals) */
  household?: string;
  /** A whole headend (needs impaired intervals on at least two of its channels) */
  wide?: boolean;
}

export function candidatesFor(rows: readonly IntervalRow[], data: WindowData): Candidate[] {
  const out = new Map<string, Candidate>();
  const add = (c: Candidate) => {
    if (!out.has(c.location)) out.set(c.location, c);
  };
  const channelName = (id: number) => data.channels.get(id)?.name ?? `channel ${id}`;
  for (const r of rows) {
    const sig = signatureOf(r);
    if (sig === "ts" && channelAttributable(r)) {
      const c = r.channelId!;
      const name = channelName(c);
      add({
        verdict: "headend",
        location: `headend:${name}`,
        label: `${name} at its source (all regions)`,
        sig,
        channelScoped: true,
        inScope: (d) => d.channelId === c,
        compare: (d) => d.channelId !== null && d.channelId !== c,
      });
      const headend = data.channels.get(c)?.headend;
      if (headend) {
        const own = new Set([...data.channels].filter(([, ch]) => ch.headend === headend).map(([id]) => id));
        add({
          verdict: "headend",
          location: `headend:${headend}`,
          label: `Headend ${headend} (all its channels)`,
          sig,
          wide: true,
          channelScoped: true,
          inScope: (d) => d.channelId !== null && own.has(d.channelId),
          compare: (d) => d.channelId !== null && !own.has(d.channelId),
        });
      }
      if (r.regionId !== null) {
        const region = r.regionId;
        const regionName = data.regions.get(region) ?? `region ${region}`;
        add({
          verdict: "insertion",
          location: `insertion:${name}@${regionName}`,
          label: `${name} at the ${regionName} insertion point`,
          sig,
          channelScoped: true,
          inScope: (d) => d.channelId === c && d.regionId === region,
          compare: (d) => d.channelId === c && d.regionId !== null && d.regionId !== region,
        });
      }
    }
    if (sig === "ip") {
      if (r.nodeId !== null) {
        const node = r.nodeId;
        const nodeName = data.nodes.get(node) ?? `node ${node}`;
        add({
          verdict: "access",
          location: `access:${nodeName}`,
          label: `Access node ${nodeName}`,
          sig,
          inScope: (d) => d.nodeId === node,
          compare: (d) => d.nodeId !== null && d.nodeId !== node,
        });
      }
      const household = r.household;
      const node = r.nodeId;
      add({
        verdict: "home",
        location: `home:${household}`,
        label: `Home network of ${household}`,
        sig,
        household,
        inScope: (d) => d.household === household,
        // Other households behind the same node: a home fault leaves them clean, an access fault not.
        compare: (d) => node === null || d.nodeId === node,
      });
    }
    if (sig === "decoder") {
      const { model, software } = r;
      add({
        verdict: "model",
        location: `model:${model}@${software}`,
        label: `${model} running ${software}`,
        sig,
        inScope: (d) => d.model === model && d.software === software,
        compare: (d) => d.model !== model || d.software !== software,
      });
      add({
        verdict: "model",
        location: `model:${model}`,
        label: `${model} (all versions)`,
        sig,
        inScope: (d) => d.model === model,
        compare: (d) => d.model !== model,
      });
    }
  }
  return [...out.values()];
}
