// Who lives behind each gateway, as far as the audience is concerned: the subscriber's segment (the
// offer they pay for), whether they opted out of audience measurement, and their taste in channels.
// A pure function of the household's identity (subscriber id and gateway serial, both drawn from the
// fleet seed), so the world's exports, a box's tree, its live evolution, a backfill and a benchmark all
// agree without sharing any state.
import type { DeviceIdentity } from "../fleet-plan";
import { createRng } from "../prng";
import { gauss } from "./viewing";
import type { ChannelInfo } from "./world";

export const HOUSEHOLD_SEGMENTS = ["basic", "family", "premium"] as const;
export type HouseholdSegment = (typeof HOUSEHOLD_SEGMENTS)[number];

export const GENRES = ["generalist", "news", "culture", "movies", "sport", "kids"] as const;
export type Genre = (typeof GENRES)[number];

/** Shares of the segments among households (an operator's typical offer mix). */
const SEGMENT_SHARES: Record<HouseholdSegment, number> = { basic: 0.5, family: 0.3, premium: 0.2 };
/** Share of households that told the operator not to measure what they watch. */
export const AUDIENCE_OPT_OUT_RATE = 0.05;

// How much more (or less) than the average household each segment watches a genre: families watch the
// kids' channel, premium subscribers the pay movie and sport channels they pay for.
const GENRE_TILT: Record<HouseholdSegment, Record<Genre, number>> = {
  basic: { generalist: 1.15, news: 1.1, culture: 0.9, movies: 0.35, sport: 0.7, kids: 0.6 },
  family: { generalist: 1.1, news: 0.8, culture: 0.8, movies: 0.7, sport: 0.8, kids: 3.2 },
  premium: { generalist: 0.85, news: 1, culture: 1.2, movies: 2.6, sport: 2.4, kids: 0.7 },
};
/** A household's favourite genre draws this much more than its segment alone would say. */
const FAVOURITE_BOOST = 1.8;
/** Spread of a household's own liking of each channel (log-normal sigma). */
const PERSONAL_SPREAD = 0.35;

export interface HouseholdProfile {
  /** the household key the ACS uses: the subscriber id */
  household: string;
  segment: HouseholdSegment;
  audienceOptOut: boolean;
  /** one of the genres its segment likes, watched even more */
  favourite: Genre;
  /** multiplier of a channel's line-up popularity for this household */
  liking: (channel: ChannelInfo) => number;
}

type HouseholdOf = Pick<DeviceIdentity, "subscriberId" | "gatewaySerial">;

const profiles = new Map<string, HouseholdProfile>();
/** Bounded: a 10,000-box benchmark holds ~3,000 households; beyond the cap it starts afresh. */
const MAX_CACHED = 50_000;

function drawSegment(x: number): HouseholdSegment {
  let left = x;
  for (const s of HOUSEHOLD_SEGMENTS) {
    left -= SEGMENT_SHARES[s];
    if (left < 0) return s;
  }
  return "basic";
}

/** The audience profile of the household a device (gateway or box) belongs to. */
export function householdProfile(device: HouseholdOf): HouseholdProfile {
  const key = `${device.subscriberId}|${device.gatewaySerial}`;
  const hit = profiles.get(key);
  if (hit) return hit;
  const rng = createRng(`household:${key}`);
  const segment = drawSegment(rng.next());
  const audienceOptOut = rng.chance(AUDIENCE_OPT_OUT_RATE);
  const liked = GENRES.filter((g) => GENRE_TILT[segment][g] >= 1);
  const favourite = liked[Math.floor(rng.next() * liked.length)] ?? "generalist";
  // Personal liking drawn per channel name (not per position) so a longer line-up keeps the others'.
  const personal = new Map<string, number>();
  const liking = (c: ChannelInfo): number => {
    let p = personal.get(c.name);
    if (p === undefined) {
      p = Math.exp(PERSONAL_SPREAD * gauss(createRng(`household:${key}:${c.name}`)));
      personal.set(c.name, p);
    }
    return GENRE_TILT[segment][c.genre] * p * (c.genre === favourite ? FAVOURITE_BOOST : 1);
  };
  const profile: HouseholdProfile = {
    household: device.subscriberId,
    segment,
    audienceOptOut,
    favourite,
    liking,
  };
  if (profiles.size >= MAX_CACHED) profiles.clear();
  profiles.set(key, profile);
  return profile;
}

const lineUps = new WeakMap<readonly ChannelInfo[], WeakMap<HouseholdProfile, ChannelInfo[]>>();

/**
 * The line-up as this household watches it: each channel's popularity tilted by the household's
 * liking and scaled back to a total of 1. Cached per line-up and profile, so the same array comes back
 * each time (the viewing model's hour cache keys on its popularities).
 */
export function householdLineUp(channels: readonly ChannelInfo[], profile: HouseholdProfile): ChannelInfo[] {
  let byProfile = lineUps.get(channels);
  if (!byProfile) {
    byProfile = new WeakMap();
    lineUps.set(channels, byProfile);
  }
  const hit = byProfile.get(profile);
  if (hit) return hit;
  const weights = channels.map((c) => c.popularity * profile.liking(c));
  const total = weights.reduce((a, b) => a + b, 0);
  const tilted = channels.map((c, i) => ({
    ...c,
    popularity: total > 0 ? weights[i]! / total : 1 / channels.length,
  }));
  byProfile.set(profile, tilted);
  return tilted;
}

/** The line-up as the household of `device` watches it. */
export const lineUpOf = (channels: readonly ChannelInfo[], device: HouseholdOf): ChannelInfo[] =>
  householdLineUp(channels, householdProfile(device));
