// Audience reports over hand-made published cells (k = 10): every figure is a sum of published cells, a
// channel/hour/region with only suppressed cells reads "fewer than k", and no pair of reports (regions,
// days, channels, segments) differs by anything but published cells — the suppressed figures are not even
// in the database (NULL), and each difference is checked against the published cells it must equal.
import { beforeAll, describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../../tests/support/memory-store";
import {
  breakdownSchema,
  heatmapSchema,
  rankingSchema,
  slotSchema,
  trendSchema,
  type AudienceFilter,
} from "../../../lib/audience/report-api";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import {
  audienceBreakdown,
  audienceOptions,
  audienceTrend,
  channelRanking,
  daypartHeatmap,
  programmeSlot,
} from ".";

useMemoryStoreWithDevice({ serialNumber: "AUD-Q1" });
const ids = { a: 0, b: 0, x: 0, y: 0 };
const D1 = "2026-11-02"; // a Monday
const D2 = "2026-11-03";

async function hourCell(hour: string, channelId: number, regionId: number, secs: number | null) {
  await db().audienceHourCell.create({
    data: {
      hour: new Date(hour),
      channelId,
      regionId,
      suppressed: secs === null,
      secs: secs === null ? null : BigInt(secs),
    },
  });
}
async function dayCell(
  day: string,
  channelId: number,
  regionId: number,
  segment: string,
  households: number | null,
) {
  await db().audienceDayCell.create({
    data: { day: new Date(day), channelId, regionId, segment, suppressed: households === null, households },
  });
}
async function panel(day: string, regionId: number, segment: string, households: number | null) {
  await db().audiencePanelDay.create({
    data: { day: new Date(day), regionId, segment, suppressed: households === null, households },
  });
}

beforeAll(async () => {
  ids.a = (await db().region.create({ data: { name: "A-North" } })).id;
  ids.b = (await db().region.create({ data: { name: "B-South" } })).id;
  ids.x = (await db().channel.create({ data: { name: "=X News", number: 1 } })).id;
  ids.y = (await db().channel.create({ data: { name: "Y Sport", number: 2 } })).id;
  await db().topologyEntry.create({ data: { household: "H1", regionId: ids.a, segment: "basic" } });
  await db().topologyEntry.create({ data: { household: "H2", regionId: ids.b, segment: "premium" } });
  const { a, b, x, y } = ids;
  // null = suppressed (fewer than k households); the figure is not stored at all
  await hourCell(`${D1}T20:00:00Z`, x, a, 36_000);
  await hourCell(`${D1}T20:00:00Z`, x, b, null);
  await hourCell(`${D1}T20:00:00Z`, y, a, 18_000);
  await hourCell(`${D1}T20:00:00Z`, y, b, 7_200);
  await hourCell(`${D1}T21:00:00Z`, x, a, 3_600);
  await hourCell(`${D2}T20:00:00Z`, x, a, 7_200);
  await hourCell(`${D2}T20:00:00Z`, x, b, 10_800);
  await hourCell(`${D2}T20:00:00Z`, y, a, null);
  await dayCell(D1, x, a, "basic", 12);
  await dayCell(D1, x, a, "premium", null);
  await dayCell(D1, x, b, "basic", null);
  await dayCell(D1, y, a, "basic", 15);
  await dayCell(D1, y, b, "premium", 11);
  await dayCell(D2, x, a, "basic", 10);
  await dayCell(D2, x, b, "basic", 13);
  await dayCell(D2, y, a, "basic", null);
  await panel(D1, a, "basic", 30);
  await panel(D1, a, "premium", null);
  await panel(D1, b, "basic", 10);
  await panel(D1, b, "premium", 11);
  await panel(D2, a, "basic", 25);
  await panel(D2, b, "basic", 14);
  await panel(D2, a, "premium", null);
});

const both: AudienceFilter = { from: D1, to: D2 };
const rowOf = async (filter: AudienceFilter, channelId: number) =>
  (await channelRanking(filter)).rows.find((r) => r.channelId === channelId)!;

describe("channel ranking", () => {
  it("sums published cells only and reports suppressed cells as such", async () => {
    const r = rankingSchema.parse(await channelRanking(both));
    expect(r.days).toBe(2);
    expect(r.rows.map((c) => c.channelId)).toEqual([ids.x, ids.y]);
    const [x, y] = r.rows;
    expect(x!.hours).toEqual({ value: 16, suppressed: false });
    expect(y!.hours).toEqual({ value: 7, suppressed: false });
    expect(x!.share).toBeCloseTo(57_600 / 82_800, 10);
    expect(x!.reach).toEqual({ value: 17.5, suppressed: false });
    expect(y!.reach).toEqual({ value: 13, suppressed: false });
    expect(r.panel).toEqual({ value: 45, suppressed: false });
    expect(x!.reachPct).toBeCloseTo(17.5 / 45, 10);
    expect(x!.minutesPerViewer).toBeCloseTo(57_600 / 60 / 35, 10);
    expect(r.privacy).toMatchObject({ k: 10, suppressedCells: 7, noise: 0, timeZone: "UTC" });
  });

  it("a channel whose cells are all suppressed in the filter reads fewer than k, with no number", async () => {
    const x = await rowOf({ from: D1, to: D1, regionIds: [ids.b] }, ids.x);
    expect(x.hours).toEqual({ value: null, suppressed: true });
    expect(x.reach).toEqual({ value: null, suppressed: true });
    expect(x.share).toBeNull();
    expect(x.minutesPerViewer).toBeNull();
  });

  it("with a segment filter there is reach but no viewing time", async () => {
    const r = await channelRanking({ ...both, segments: ["basic"] });
    const x = r.rows.find((c) => c.channelId === ids.x)!;
    expect(x.hours).toEqual({ value: null, suppressed: false });
    expect(x.share).toBeNull();
    expect(x.minutesPerViewer).toBeNull();
    expect(x.reach).toEqual({ value: (12 + 10 + 13) / 2, suppressed: false });
    expect(r.panel).toEqual({ value: (30 + 10 + 25 + 14) / 2, suppressed: false });
  });

  it("a chosen channel with no cells at all is listed with zero; days without data are not averaged", async () => {
    const r = await channelRanking({ from: "2026-10-01", to: D2, channelIds: [ids.y] });
    expect(r.days).toBe(2);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]!.reach.value).toBe(13);
    // share is of all channels' viewing, whichever channels are listed
    expect(r.rows[0]!.share).toBeCloseTo(25_200 / 82_800, 10);
    const none = await channelRanking({ from: "2026-01-01", to: "2026-01-02" });
    expect(none).toMatchObject({ days: 0, rows: [], panel: { value: null, suppressed: false } });
  });
});

describe("no differencing", () => {
  it("regions A+B minus region A is exactly region B's published cells", async () => {
    const ab = await rowOf({ ...both, regionIds: [ids.a, ids.b] }, ids.x);
    const a = await rowOf({ ...both, regionIds: [ids.a] }, ids.x);
    // B's published X cells: hour 10 800 s (d2); day cells 13 (d2); B's suppressed d1 cells add nothing
    expect(ab.hours.value! * 3600 - a.hours.value! * 3600).toBe(10_800);
    expect((ab.reach.value! - a.reach.value!) * 2).toBe(13);
  });

  it("range d1..d2 minus d1..d1 is exactly d2's published cells", async () => {
    const long = await rowOf(both, ids.y);
    const short = await rowOf({ from: D1, to: D1 }, ids.y);
    // Y on d2: only a suppressed hour cell and a suppressed day cell: the difference is zero
    expect(long.hours.value! * 3600 - short.hours.value! * 3600).toBe(0);
    expect(long.reach.value! * 2 - short.reach.value! * 1).toBe(0);
    const bLong = await rowOf({ ...both, regionIds: [ids.b] }, ids.x);
    const bShort = await rowOf({ from: D2, to: D2, regionIds: [ids.b] }, ids.x);
    // region B, X: d1 suppressed, d2 published: the long range says exactly what d2 says
    expect(bLong.hours.value).toBe(bShort.hours.value);
    expect(bLong.reach.value! * 2).toBe(bShort.reach.value! * 1);
  });

  it("a channel filter changes neither the channel's figures nor its share", async () => {
    const all = await rowOf(both, ids.x);
    const only = await rowOf({ ...both, channelIds: [ids.x] }, ids.x);
    expect(only).toEqual(all);
  });

  it("segment combinations differ by published day cells only", async () => {
    const basic = await rowOf({ ...both, segments: ["basic"] }, ids.x);
    const both2 = await rowOf({ ...both, segments: ["basic", "premium"] }, ids.x);
    const premium = await rowOf({ ...both, segments: ["premium"] }, ids.x);
    // X premium: one suppressed cell (d1, region A): in no figure, and premium alone reads fewer than k
    expect(both2.reach.value).toBe(basic.reach.value);
    expect(premium.reach).toEqual({ value: null, suppressed: true });
    const basicA = await rowOf({ ...both, segments: ["basic"], regionIds: [ids.a] }, ids.x);
    expect((basic.reach.value! - basicA.reach.value!) * 2).toBe(13);
  });

  it("heatmap, slot and breakdown over A+B minus A leave out B's suppressed hour", async () => {
    const x = { from: D1, to: D1, channelIds: [ids.x] };
    const monday20 = async (regionIds: number[]) =>
      (await daypartHeatmap({ ...x, regionIds })).cells.find((c) => c.weekday === 1 && c.hour === 20)!;
    // X at 20:00 on d1 in B is suppressed: A+B says exactly what A says
    expect((await monday20([ids.a, ids.b])).audience).toEqual((await monday20([ids.a])).audience);
    const slot = async (regionIds: number[]) =>
      (await programmeSlot({ ...x, regionIds }, ids.x, "20:00", "21:00")).audience;
    expect(await slot([ids.a, ids.b])).toEqual(await slot([ids.a]));
    const regions = await audienceBreakdown(x, "region");
    const total = await rowOf({ from: D1, to: D1 }, ids.x);
    // the regions' published hours add up to the channel's total; B's row is "fewer than k"
    expect(regions.rows.map((r) => r.hours)).toEqual([
      { value: 11, suppressed: false },
      { value: null, suppressed: true },
    ]);
    expect(total.hours.value).toBe(11);
  });

  it("heatmap and trend totals are sums of the same published cells", async () => {
    const all = await audienceTrend(both);
    const a = await audienceTrend({ ...both, regionIds: [ids.a] });
    const hours = (t: typeof all) => t.series[0]!.points.map((p) => p.hours.value! * 3600);
    // region B published: d1 Y 7 200, d2 X 10 800 (d1 X is suppressed and absent)
    expect(hours(all).map((h, i) => h - hours(a)[i]!)).toEqual([7_200, 10_800]);
  });
});

describe("heatmap", () => {
  it("average boxes watching per weekday × hour, share with a channel filter", async () => {
    const h = heatmapSchema.parse(await daypartHeatmap({ ...both, channelIds: [ids.x] }));
    expect(h.cells).toHaveLength(168);
    const at = (wd: number, hr: number) => h.cells.find((c) => c.weekday === wd && c.hour === hr)!;
    expect(at(1, 20).audience).toEqual({ value: 10, suppressed: false });
    expect(at(1, 20).share).toBeCloseTo(36_000 / 61_200, 10);
    expect(at(2, 20).audience).toEqual({ value: 5, suppressed: false });
    expect(at(1, 21).audience).toEqual({ value: 1, suppressed: false });
    expect(at(1, 3).audience).toEqual({ value: 0, suppressed: false });
    // a weekday with no data day in the range has no figure
    expect(at(5, 20).audience).toEqual({ value: null, suppressed: false });
    const b = await daypartHeatmap({ from: D1, to: D1, regionIds: [ids.b], channelIds: [ids.x] });
    expect(b.cells.find((c) => c.weekday === 1 && c.hour === 20)!.audience).toEqual({
      value: null,
      suppressed: true,
    });
    const seg = await daypartHeatmap({ ...both, segments: ["basic"] });
    expect(seg.cells.every((c) => c.audience.value === null && c.share === null)).toBe(true);
  });
});

describe("trend", () => {
  it("per day per channel, or the total with the panel as reach", async () => {
    const t = trendSchema.parse(await audienceTrend({ ...both, channelIds: [ids.x] }));
    expect(t.series).toHaveLength(1);
    expect(t.series[0]!.name).toBe("=X News");
    expect(t.series[0]!.points).toEqual([
      {
        day: D1,
        hours: { value: 11, suppressed: false },
        reach: { value: 12, suppressed: false },
        share: 39_600 / 64_800,
      },
      { day: D2, hours: { value: 5, suppressed: false }, reach: { value: 23, suppressed: false }, share: 1 },
    ]);
    const total = await audienceTrend(both);
    expect(total.series[0]).toMatchObject({ channelId: null, name: "All channels" });
    expect(total.series[0]!.points.map((p) => [p.hours.value, p.reach.value])).toEqual([
      [18, 51],
      [5, 39],
    ]);
    const many = await audienceTrend({
      ...both,
      channelIds: Array.from({ length: 14 }, (_, i) => ids.x + i),
    });
    expect(many.series).toHaveLength(10);
  });
});

describe("breakdown", () => {
  it("by region: hours and panel; reach of the chosen channels", async () => {
    const r = breakdownSchema.parse(await audienceBreakdown({ ...both, channelIds: [ids.x] }, "region"));
    const [a, b] = r.rows;
    expect(a).toMatchObject({
      label: "A-North",
      hours: { value: 13, suppressed: false },
      reach: { value: 11 },
    });
    expect(b).toMatchObject({
      label: "B-South",
      hours: { value: 3, suppressed: false },
      reach: { value: 6.5 },
    });
    expect(a!.panel).toEqual({ value: 27.5, suppressed: false });
    expect(b!.panel).toEqual({ value: 17.5, suppressed: false });
  });

  it("by segment: reach only", async () => {
    const r = await audienceBreakdown(both, "segment");
    expect(r.rows.map((row) => [row.label, row.hours, row.panel.value])).toEqual([
      ["basic", null, 39.5],
      ["premium", null, 5.5],
    ]);
    const premiumOnlyA = await audienceBreakdown({ ...both, regionIds: [ids.a] }, "segment");
    expect(premiumOnlyA.rows.find((row) => row.key === "premium")!.panel).toEqual({
      value: null,
      suppressed: true,
    });
  });
});

describe("programme slot", () => {
  it("average audience and share of a channel between two local hours", async () => {
    const s = slotSchema.parse(await programmeSlot(both, ids.x, "20:00", "22:00"));
    expect(s.channel.name).toBe("=X News");
    expect(s.hours.map((h) => [h.day, h.hour, h.audience.value])).toEqual([
      [D1, 20, 10],
      [D1, 21, 1],
      [D2, 20, 5],
      [D2, 21, 0],
    ]);
    expect(s.audience).toEqual({ value: 57_600 / (4 * 3600), suppressed: false });
    expect(s.share).toBeCloseTo(57_600 / 82_800, 10);
    await expect(programmeSlot(both, ids.x, "22:00", "20:00")).rejects.toThrow(/later whole hour/);
    const all = await programmeSlot(both, ids.x, "00:00", "24:00");
    expect(all.hours).toHaveLength(48);
  });
});

describe("local time", () => {
  it("days, weekdays and slots in AUDIENCE_TIME_ZONE, incl. the night clocks go back", async () => {
    overrideSettings({ LOG_LEVEL: "silent", AUDIENCE_TIME_ZONE: "Europe/Paris" });
    try {
      // 2026-10-10T22:00Z is Sunday 2026-10-11 00:00 in Paris (CEST)
      await hourCell("2026-10-10T22:00:00Z", ids.y, ids.a, 7_200);
      await panel("2026-10-11", ids.a, "basic", 20);
      const h = await daypartHeatmap({ from: "2026-10-11", to: "2026-10-11", channelIds: [ids.y] });
      expect(h.cells.find((c) => c.weekday === 7 && c.hour === 0)!.audience.value).toBe(2);
      expect(h.privacy.timeZone).toBe("Europe/Paris");
      // 2026-10-25: 02:00-03:00 Paris happens twice (00:00Z CEST and 01:00Z CET)
      await hourCell("2026-10-25T00:00:00Z", ids.y, ids.a, 7_200);
      await hourCell("2026-10-25T01:00:00Z", ids.y, ids.a, 3_600);
      await panel("2026-10-25", ids.a, "basic", 20);
      const s = await programmeSlot({ from: "2026-10-25", to: "2026-10-25" }, ids.y, "02:00", "03:00");
      expect(s.hours).toEqual([
        { day: "2026-10-25", hour: 2, audience: { value: 1.5, suppressed: false }, share: 1 },
      ]);
      const t = await audienceTrend({ from: "2026-10-25", to: "2026-10-25" });
      expect(t.series[0]!.points[0]!.hours.value).toBe(3);
    } finally {
      overrideSettings({ LOG_LEVEL: "silent" });
    }
  });
});

describe("options", () => {
  it("line-up, regions, segments, k and the days holding data", async () => {
    const o = await audienceOptions();
    expect(o.channels.map((c) => c.name)).toEqual(["=X News", "Y Sport"]);
    expect(o.regions.map((r) => r.name)).toEqual(["A-North", "B-South"]);
    expect(o.segments).toEqual(["basic", "premium"]);
    expect(o).toMatchObject({ k: 10, timeZone: "UTC", lastDay: D2 });
  });
});
