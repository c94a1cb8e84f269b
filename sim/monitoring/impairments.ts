// Which scenario impairments reach one device, and at which layer they act: a fault at the source
// (headend or regional insertion point) only while the box watches an affected channel, a network
// fault (access node) or home fault on every channel, a decoder fault on one model (and version).
import type { GenContext } from "./generator";
import type { ActiveImpairment } from "./scenario";

export type EffectLayer = "source" | "network" | "home" | "decoder";

export interface Effect {
  id: string;
  layer: EffectLayer;
  startMs: number;
  endMs: number;
  severity: number;
  /** whether the effect shows while the box is on this channel */
  reaches(channel: string): boolean;
}

const always = (): boolean => true;

function effectOf(ctx: GenContext, i: ActiveImpairment): Effect | null {
  const { identity, world } = ctx;
  const place = world.households.get(identity.subscriberId);
  const base = { id: i.id, startMs: i.startMs, endMs: i.endMs, severity: i.severity };
  const loc = i.location;
  switch (loc.kind) {
    case "headend": {
      if ("channel" in loc) return { ...base, layer: "source", reaches: (c) => c === loc.channel };
      const names = new Set(world.channels.filter((c) => c.headend === loc.headend).map((c) => c.name));
      return { ...base, layer: "source", reaches: (c) => names.has(c) };
    }
    case "insertion":
      if (place?.region !== loc.region) return null;
      return { ...base, layer: "source", reaches: (c) => c === loc.channel };
    case "access":
      return place?.accessNode === loc.accessNode ? { ...base, layer: "network", reaches: always } : null;
    case "home":
      return identity.subscriberId === loc.household ? { ...base, layer: "home", reaches: always } : null;
    case "model": {
      if (identity.kind !== "stb" || identity.vendor.modelName !== loc.model) return null;
      const version = ctx.softwareVersion ?? identity.softwareVersion;
      if (loc.softwareVersion !== undefined && loc.softwareVersion !== version) return null;
      return { ...base, layer: "decoder", reaches: always };
    }
  }
}

/** The impairments overlapping [from, to) that reach this device. */
export function impairmentsFor(ctx: GenContext, from: number, to: number): Effect[] {
  const out: Effect[] = [];
  for (const i of ctx.scenario.impairments) {
    if (i.endMs <= from || i.startMs >= to) continue;
    const e = effectOf(ctx, i);
    if (e) out.push(e);
  }
  return out;
}
