import { describe, expect, it } from "vitest";
import { planFleet, type DeviceIdentity } from "../fleet-plan";
import { streamStats } from "./generator";
import {
  HOUSEHOLD_SEGMENTS,
  householdProfile,
  lineUpOf,
  type Genre,
  type HouseholdSegment,
} from "./households";
import { EMPTY_SCENARIO } from "./scenario";
import { isOnDuring, localHour, setLocalUtcOffset, utcOffsetPutting, viewingWindow } from "./viewing";
import { lineUp, worldOf } from "./world";

const plan = planFleet({ devices: 4000, seed: 17 });
const world = worldOf(plan);
const gateways = plan.filter((d) => d.kind === "dng");
const boxes = plan.filter((d) => d.kind === "stb");
const genreOf = new Map(world.channels.map((c) => [c.name, c.genre]));
// 2026-11-28 is a Saturday, 2026-11-30 a Monday; local time is UTC+1.
const SATURDAY = Date.parse("2026-11-28T00:00:00+01:00");
const MONDAY = Date.parse("2026-11-30T00:00:00+01:00");
const HOUR = 3_600_000;

/** Seconds of viewing by genre of `devices` over [from, from + hours). */
function secondsByGenre(devices: DeviceIdentity[], from: number, hours: number): Map<Genre, number> {
  const out = new Map<Genre, number>();
  for (const d of devices) {
    const view = viewingWindow(d.seed, from, hours * 3600, lineUpOf(world.channels, d));
    for (const s of view.segments) {
      const g = genreOf.get(s.channel)!;
      out.set(g, (out.get(g) ?? 0) + (s.end - s.start) / 1000);
    }
  }
  return out;
}

const shareOf = (by: Map<Genre, number>, genres: Genre[]): number => {
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  return genres.reduce((n, g) => n + (by.get(g) ?? 0), 0) / total;
};

describe("household profiles", () => {
  it("are seeded per household: realistic segment shares, ~5 % opt-outs, the same for gateway and boxes", () => {
    const count = new Map<HouseholdSegment, number>();
    let optOuts = 0;
    for (const g of gateways) {
      const p = householdProfile(g);
      count.set(p.segment, (count.get(p.segment) ?? 0) + 1);
      if (p.audienceOptOut) optOuts++;
      expect(p.household).toBe(g.subscriberId);
    }
    const n = gateways.length;
    expect(n).toBeGreaterThan(1000);
    expect(count.get("basic")! / n).toBeGreaterThan(0.44);
    expect(count.get("basic")! / n).toBeLessThan(0.56);
    expect(count.get("family")! / n).toBeGreaterThan(0.25);
    expect(count.get("family")! / n).toBeLessThan(0.35);
    expect(count.get("premium")! / n).toBeGreaterThan(0.15);
    expect(count.get("premium")! / n).toBeLessThan(0.25);
    expect(optOuts / n).toBeGreaterThan(0.03);
    expect(optOuts / n).toBeLessThan(0.07);
    // A box belongs to its gateway's household: same segment, same opt-out, same line-up.
    for (const b of boxes.slice(0, 200)) {
      const gw = gateways.find((g) => g.serial === b.gatewaySerial)!;
      expect(householdProfile(b)).toBe(householdProfile(gw));
      expect(lineUpOf(world.channels, b)).toBe(lineUpOf(world.channels, gw));
    }
    // The world carries the same flags; another fleet seed deals them differently.
    for (const g of gateways.slice(0, 100)) {
      expect(world.households.get(g.subscriberId)).toMatchObject({
        segment: householdProfile(g).segment,
        audienceOptOut: householdProfile(g).audienceOptOut,
      });
    }
    const other = planFleet({ devices: 4000, seed: 18 }).filter((d) => d.kind === "dng");
    const same = other.filter(
      (g, i) => householdProfile(g).segment === householdProfile(gateways[i]!).segment,
    );
    expect(same.length).toBeLessThan(other.length * 0.6);
  });

  it("tilt the line-up: a household's popularities add up to 1 and follow its segment", () => {
    for (const g of gateways.slice(0, 50)) {
      const l = lineUpOf(world.channels, g);
      expect(l.map((c) => c.name)).toEqual(world.channels.map((c) => c.name));
      expect(l.reduce((n, c) => n + c.popularity, 0)).toBeCloseTo(1, 9);
    }
    const bySegment = (s: HouseholdSegment) =>
      boxes.filter((b) => householdProfile(b).segment === s).slice(0, 60);
    const week = (s: HouseholdSegment) => secondsByGenre(bySegment(s), MONDAY, 24 * 7);
    const basic = week("basic");
    const family = week("family");
    const premium = week("premium");
    expect(shareOf(family, ["kids"])).toBeGreaterThan(2 * shareOf(basic, ["kids"]));
    expect(shareOf(premium, ["movies", "sport"])).toBeGreaterThan(2 * shareOf(basic, ["movies", "sport"]));
    expect(shareOf(basic, ["generalist"])).toBeGreaterThan(shareOf(premium, ["generalist"]));
    // Everyone still watches a bit of everything.
    for (const by of [basic, family, premium]) expect(by.size).toBe(6);
  });

  it("is a pure function of the household and the line-up's content, whichever array carries it", () => {
    const b = boxes[3]!;
    const a = viewingWindow(b.seed, MONDAY, 86400, lineUpOf(world.channels, b));
    const fresh = viewingWindow(b.seed, MONDAY, 86400, lineUpOf(lineUp(), b));
    expect(fresh).toEqual(a);
    const ctx = { identity: b, world, scenario: EMPTY_SCENARIO };
    expect(streamStats(ctx, MONDAY + 20 * HOUR, 3600).segments).toEqual(
      viewingWindow(b.seed, MONDAY + 20 * HOUR, 3600, lineUpOf(world.channels, b)).segments,
    );
    for (const s of HOUSEHOLD_SEGMENTS) expect(typeof s).toBe("string");
  });
});

describe("dayparts", () => {
  it("knows the local hour and the weekend", () => {
    expect(localHour(SATURDAY / HOUR)).toEqual({ hour: 0, weekend: true });
    expect(localHour(SATURDAY / HOUR + 47)).toEqual({ hour: 23, weekend: true });
    expect(localHour(MONDAY / HOUR)).toEqual({ hour: 0, weekend: false });
    expect(localHour(MONDAY / HOUR - 1)).toEqual({ hour: 23, weekend: true });
  });

  it("more boxes are on on a weekend morning than on a weekday morning; prime time peaks both", () => {
    const seeds = boxes.slice(0, 600).map((b) => b.seed);
    const onAt = (day: number, h: number) => seeds.filter((s) => isOnDuring(s, day / HOUR + h)).length;
    expect(onAt(SATURDAY, 9)).toBeGreaterThan(onAt(MONDAY, 9) * 1.8);
    for (const day of [SATURDAY, MONDAY]) {
      expect(onAt(day, 21)).toBeGreaterThan(2 * onAt(day, 9));
      expect(onAt(day, 4)).toBeLessThan(onAt(day, 9));
    }
  });

  it("a fleet can move the households' local time: the same UTC hour becomes their evening", () => {
    const at = MONDAY + 4 * HOUR; // 04:00 in Paris, 03:00 UTC
    const offset = utcOffsetPutting(at, 21);
    expect(offset).toBe(-6);
    expect(utcOffsetPutting(MONDAY + 21 * HOUR, 21)).toBe(1);
    expect(utcOffsetPutting(MONDAY + 10 * HOUR, 21)).toBe(12);
    const seeds = boxes.slice(0, 600).map((b) => b.seed);
    const onNow = () => seeds.filter((s) => isOnDuring(s, at / HOUR)).length;
    const atNight = onNow();
    const restore = setLocalUtcOffset(offset);
    try {
      expect(localHour(at / HOUR).hour).toBe(21);
      expect(onNow()).toBeGreaterThan(5 * atNight);
    } finally {
      restore();
    }
    expect(localHour(at / HOUR).hour).toBe(4);
    expect(() => setLocalUtcOffset(0.5)).toThrow();
    expect(() => setLocalUtcOffset(15)).toThrow();
  });

  it("genres pull at their hours: cartoons in the morning, films late", () => {
    const sample = boxes.slice(0, 300);
    const morning = secondsByGenre(sample, SATURDAY + 7 * HOUR, 4);
    const late = secondsByGenre(sample, SATURDAY + 21 * HOUR, 3);
    expect(shareOf(morning, ["kids"])).toBeGreaterThan(4 * shareOf(late, ["kids"]));
    expect(shareOf(late, ["movies"])).toBeGreaterThan(1.5 * shareOf(morning, ["movies"]));
  });
});
