// The simulated operator's network around a fleet: regions, access nodes (DSLAMs) with each
// household on a port, and the channel line-up with its delivery chain (super headend -> regional
// insertion point -> access). Deterministic from the fleet plan; exported as the CSV files the console
// imports, and used by the generator to decide which boxes an impairment reaches.
import type { DeviceIdentity } from "../fleet-plan";
import { createRng } from "../prng";
import { householdProfile, type Genre, type HouseholdSegment } from "./households";

/** The line-up, in channel-number order. */
export const CHANNELS = [
  "TF1 HD",
  "France 2 HD",
  "M6 HD",
  "Arte HD",
  "BFM TV",
  "Canal+ HD",
  "Eurosport 1",
  "Gulli",
];

export const REGIONS = ["North", "South", "East", "West"] as const;
export type RegionName = (typeof REGIONS)[number];

export interface AccessNodeInfo {
  name: string;
  region: RegionName;
  households: string[];
}

export interface HouseholdPlace {
  household: string;
  accessNode: string;
  accessPort: string;
  region: RegionName;
  /** the subscriber's offer: an audience report dimension (topology CSV `segment`) */
  segment: HouseholdSegment;
  /** the subscriber opted out of audience measurement (the opt-outs CSV) */
  audienceOptOut: boolean;
}

export interface ChannelInfo {
  number: number;
  name: string;
  multicastGroup: string;
  uri: string;
  headend: string;
  /** region -> insertion point */
  insertionPoints: Record<RegionName, string>;
  /** share of viewing time the channel draws (sums to 1 over the line-up) */
  popularity: number;
  /** what it shows: households' tastes and the time of day tilt viewing by genre */
  genre: Genre;
}

export interface World {
  regions: readonly RegionName[];
  accessNodes: AccessNodeInfo[];
  households: Map<string, HouseholdPlace>;
  channels: ChannelInfo[];
}

/** Households per access node the planner aims at (real DSLAM line cards: 24 or 48 ports). */
const NODE_TARGET = 36;
const PORTS_PER_SLOT = 24;
// Viewing share by line-up position: the big generalist channels draw most of the audience.
const POPULARITY = [0.24, 0.19, 0.15, 0.11, 0.1, 0.08, 0.07, 0.06];
const LYON_CHANNELS = new Set(["Eurosport 1", "Gulli"]);
const GENRE_OF: Record<string, Genre> = {
  "Arte HD": "culture",
  "BFM TV": "news",
  "Canal+ HD": "movies",
  "Eurosport 1": "sport",
  Gulli: "kids",
};

export const multicastGroupOf = (n: number): string => `239.100.0.${n}`;

export function lineUp(): ChannelInfo[] {
  return CHANNELS.map((name, i) => {
    const number = i + 1;
    const insertionPoints = Object.fromEntries(REGIONS.map((r) => [r, `RH-${r}`])) as Record<
      RegionName,
      string
    >;
    return {
      number,
      name,
      multicastGroup: multicastGroupOf(number),
      uri: `igmp://${multicastGroupOf(number)}:5000`,
      headend: LYON_CHANNELS.has(name) ? "SHE-Lyon" : "SHE-Paris",
      insertionPoints,
      popularity: POPULARITY[i] ?? 0.05,
      genre: GENRE_OF[name] ?? "generalist",
    };
  });
}

/** The world of a fleet plan; the same plan (same seed) always gives the same world. */
export function worldOf(plan: readonly DeviceIdentity[]): World {
  const gateways = new Map<string, DeviceIdentity>();
  for (const d of plan)
    if (d.kind === "dng" && !gateways.has(d.subscriberId)) gateways.set(d.subscriberId, d);
  const households = [...gateways.keys()];
  // Seeded by the plan itself so that worldOf(planFleet({seed})) is a pure function of the seed.
  const rng = createRng(`world:${plan[0]?.seed ?? 0}:${plan.length}`);
  const h = households.length;
  // Enough nodes for ~36 households each, and two per region while a fleet is small.
  const nodeCount = h === 0 ? 0 : Math.max(Math.ceil(h / NODE_TARGET), Math.min(2 * REGIONS.length, h));
  const perRegion = new Map<RegionName, number>();
  const accessNodes: AccessNodeInfo[] = Array.from({ length: nodeCount }, (_, i) => {
    const region = REGIONS[i % REGIONS.length]!;
    const n = (perRegion.get(region) ?? 0) + 1;
    perRegion.set(region, n);
    return { name: `DSLAM-${region[0]}-${String(n).padStart(2, "0")}`, region, households: [] };
  });
  // Shuffle (Fisher-Yates) so neighbours in the plan are not neighbours on the DSLAM, then deal.
  const order = [...households];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const places = new Map<string, HouseholdPlace>();
  order.forEach((household, i) => {
    const node = accessNodes[Math.floor((i * nodeCount) / Math.max(1, h))]!;
    const k = node.households.length;
    node.households.push(household);
    const profile = householdProfile(gateways.get(household)!);
    places.set(household, {
      household,
      accessNode: node.name,
      accessPort: `1/${Math.floor(k / PORTS_PER_SLOT) + 1}/${(k % PORTS_PER_SLOT) + 1}`,
      region: node.region,
      segment: profile.segment,
      audienceOptOut: profile.audienceOptOut,
    });
  });
  return { regions: REGIONS, accessNodes, households: places, channels: lineUp() };
}

/** RFC 4180 field: quoted when it holds a separator, a quote or a line break. */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csv = (rows: Array<Array<string | number>>): string =>
  rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";

const byHousehold = (world: World): HouseholdPlace[] =>
  [...world.households.values()].sort((a, b) => a.household.localeCompare(b.household));

export function topologyCsv(world: World): string {
  const rows: Array<Array<string | number>> = [
    ["household", "access_node", "access_port", "region", "access_kind", "segment"],
  ];
  for (const p of byHousehold(world))
    rows.push([p.household, p.accessNode, p.accessPort, p.region, "DSLAM", p.segment]);
  return csv(rows);
}

/** The households that opted out of audience measurement, as the console's opt-out import reads them. */
export function optOutsCsv(world: World): string {
  const rows: Array<Array<string | number>> = [["household", "note"]];
  for (const p of byHousehold(world))
    if (p.audienceOptOut) rows.push([p.household, "subscriber opted out of audience measurement"]);
  return csv(rows);
}

export function lineupCsv(world: World): string {
  const rows: Array<Array<string | number>> = [
    ["number", "name", "multicast_group", "uri", "headend", "insertion_points"],
  ];
  for (const c of world.channels) {
    const points = world.regions.map((r) => `${r}=${c.insertionPoints[r]}`).join(";");
    rows.push([c.number, c.name, c.multicastGroup, c.uri, c.headend, points]);
  }
  return csv(rows);
}

export const channelByName = (world: World, name: string): ChannelInfo | undefined =>
  world.channels.find((c) => c.name === name);
