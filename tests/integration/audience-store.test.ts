// The audience store on a real database (PGlite here, PostgreSQL in CI): sessions inserted as the
// collector stores them (pseudonyms only), materialized into published cells, and checked figure by
// figure: k suppression, the hour split, local days in a non-UTC zone, the one-minute reach rule,
// period pseudonyms, noise, re-marks racing the work, late data, retention and the loop.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { markDaysDirty, writeSessions } from "../../server/audience/collect/write-sessions";
import { startAudienceStore } from "../../server/audience/store/maintenance";
import { materializeDirtyDays } from "../../server/audience/store/materialize";
import { applyAudienceRetention } from "../../server/audience/store/retention";
import { openStore, type Store } from "../../server/database/connect";
import { db } from "../../server/db";
import { overrideSettings } from "../../server/env";
import { ensurePartitions, partitionName } from "../../server/monitoring/store/partitions";
import { freshDatabaseUrl, waitFor } from "../support/test-server";

const K = 4;
const BASE = { LOG_LEVEL: "silent", DATA_DIR: "memory:", AUDIENCE_K: String(K) };
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** The days the tests play in; "now" for the materializer is two days after. */
const D1 = "2026-11-17";
const t = (iso: string) => new Date(iso);
const NOW = t("2026-11-19T12:00:00Z");

let store: Store;

beforeAll(async () => {
  overrideSettings(BASE);
  store = await openStore({ databaseUrl: await freshDatabaseUrl(), dataDir: "memory:" });
}, 120_000);

afterAll(async () => {
  await store?.close();
});

beforeEach(async () => {
  overrideSettings(BASE);
  await db().$executeRawUnsafe(`DELETE FROM audience_session`);
  for (const table of ["AudienceHourCell", "AudienceDayCell", "AudiencePanelDay", "AudienceDirtyDay"])
    await db().$executeRawUnsafe(`DELETE FROM "${table}"`);
});

interface Session {
  household: string;
  channel: number;
  start: Date;
  end: Date;
  secs?: number;
  region?: number;
  segment?: string;
  period?: string;
}

async function insert(sessions: Session[]): Promise<void> {
  await ensurePartitions(
    "audience_session",
    sessions.map((s) => s.start),
  );
  await db().$executeRawUnsafe(
    `INSERT INTO audience_session (period, household, box, channel_id, region_id, segment, start_at, end_at, secs, source)
     SELECT u.period, u.household, 'box-' || u.household, u.channel, u.region, u.segment, u.s, u.e, u.secs, 2
     FROM unnest($1::text[], $2::text[], $3::int4[], $4::int4[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::int4[])
       AS u(period, household, channel, region, segment, s, e, secs)`,
    sessions.map((s) => s.period ?? "2026-W47"),
    sessions.map((s) => s.household),
    sessions.map((s) => s.channel),
    sessions.map((s) => s.region ?? 1),
    sessions.map((s) => s.segment ?? ""),
    sessions.map((s) => s.start.toISOString()),
    sessions.map((s) => s.end.toISOString()),
    sessions.map((s) => s.secs ?? Math.round((s.end.getTime() - s.start.getTime()) / 1000)),
  );
}

const mark = (...days: string[]) => markDaysDirty(db(), days);

/** `n` households watching `channel` from `start` for `minutes`. */
function households(
  n: number,
  prefix: string,
  channel: number,
  start: Date,
  minutes: number,
  over: Partial<Session> = {},
) {
  return Array.from({ length: n }, (_, i) => ({
    household: `${prefix}${i}`,
    channel,
    start,
    end: new Date(start.getTime() + minutes * MIN),
    ...over,
  }));
}

async function hourCells() {
  const rows = await db().audienceHourCell.findMany({
    orderBy: [{ hour: "asc" }, { channelId: "asc" }, { regionId: "asc" }],
  });
  return rows.map((r) => ({
    hour: r.hour.toISOString(),
    channel: r.channelId,
    region: r.regionId,
    suppressed: r.suppressed,
    secs: r.secs === null ? null : Number(r.secs),
  }));
}

async function dayCells() {
  const rows = await db().audienceDayCell.findMany({
    orderBy: [{ day: "asc" }, { channelId: "asc" }, { regionId: "asc" }, { segment: "asc" }],
  });
  return rows.map((r) => ({
    day: r.day.toISOString().slice(0, 10),
    channel: r.channelId,
    region: r.regionId,
    segment: r.segment,
    suppressed: r.suppressed,
    households: r.households,
  }));
}

async function panel() {
  const rows = await db().audiencePanelDay.findMany({
    orderBy: [{ day: "asc" }, { regionId: "asc" }, { segment: "asc" }],
  });
  return rows.map((r) => ({
    day: r.day.toISOString().slice(0, 10),
    region: r.regionId,
    segment: r.segment,
    suppressed: r.suppressed,
    households: r.households,
  }));
}

const marks = async () =>
  (
    await db().$queryRawUnsafe<{ day: string }[]>(
      `SELECT day::text AS day FROM "AudienceDirtyDay" ORDER BY 1`,
    )
  ).map((r) => r.day);

describe("audience cells from sessions", () => {
  it("publishes a cell from k households and suppresses one of k - 1 with no figures", async () => {
    const at = t(`${D1}T20:00:00Z`);
    await insert([...households(K - 1, "few-", 1, at, 10), ...households(K, "many-", 2, at, 15)]);
    await mark(D1);
    expect(await materializeDirtyDays(NOW)).toEqual({ recomputed: 1, expired: 0, busy: 0 });

    expect(await hourCells()).toEqual([
      { hour: "2026-11-17T20:00:00.000Z", channel: 1, region: 1, suppressed: true, secs: null },
      { hour: "2026-11-17T20:00:00.000Z", channel: 2, region: 1, suppressed: false, secs: K * 900 },
    ]);
    expect(await dayCells()).toEqual([
      { day: D1, channel: 1, region: 1, segment: "", suppressed: true, households: null },
      { day: D1, channel: 2, region: 1, segment: "", suppressed: false, households: K },
    ]);
    // The panel counts households that watched anything: both groups, 2k - 1.
    expect(await panel()).toEqual([
      { day: D1, region: 1, segment: "", suppressed: false, households: 2 * K - 1 },
    ]);
    expect(await marks()).toEqual([]);

    // Idempotent: recomputing gives the same cells, not doubled ones.
    await mark(D1);
    await materializeDirtyDays(NOW);
    expect((await hourCells())[1]?.secs).toBe(K * 900);
  });

  it("suppresses small cells per region and segment even when their total would pass k", async () => {
    const at = t(`${D1}T08:00:00Z`);
    // k - 1 households in each of two regions: each cell is below k; no total cell is stored.
    await insert([
      ...households(K - 1, "north-", 5, at, 30, { region: 1, segment: "family" }),
      ...households(K - 1, "south-", 5, at, 30, { region: 2, segment: "family" }),
      ...households(K, "south-single-", 5, at, 30, { region: 2, segment: "single" }),
    ]);
    await mark(D1);
    await materializeDirtyDays(NOW);
    const hours = await hourCells();
    expect(hours.map((c) => [c.region, c.suppressed, c.secs])).toEqual([
      [1, true, null],
      [2, false, (2 * K - 1) * 1800],
    ]);
    expect((await dayCells()).map((c) => [c.region, c.segment, c.suppressed, c.households])).toEqual([
      [1, "family", true, null],
      [2, "family", true, null],
      [2, "single", false, K],
    ]);
    const stored = await db().audienceDayCell.count({ where: { households: { lt: K } } });
    expect(stored).toBe(0);
  });

  it("spreads a session's seconds over the hours it spans, in proportion", async () => {
    // 10:30 to 12:30, half of it watched: 900 s, 1,800 s, 900 s per household.
    await insert(households(K, "split-", 3, t(`${D1}T10:30:00Z`), 120, { secs: 3600 }));
    await mark(D1);
    await materializeDirtyDays(NOW);
    expect((await hourCells()).map((c) => [c.hour.slice(11, 16), c.secs])).toEqual([
      ["10:00", K * 900],
      ["11:00", K * 1800],
      ["12:00", K * 900],
    ]);
  });

  it("attributes hours and reach to local days of AUDIENCE_TIME_ZONE", async () => {
    overrideSettings({ ...BASE, AUDIENCE_TIME_ZONE: "Europe/Paris" });
    // 22:30-23:30 UTC on the 17th = 23:30-00:30 in Paris: the 22:00 UTC hour is the 17th's, the
    // 23:00 UTC hour the 18th's (local day of the hour's start).
    await insert(households(K, "paris-", 7, t(`${D1}T22:30:00Z`), 60));
    await mark(D1);
    await materializeDirtyDays(NOW);
    expect((await hourCells()).map((c) => [c.hour, c.secs])).toEqual([
      ["2026-11-17T22:00:00.000Z", K * 1800],
    ]);
    expect((await dayCells()).map((c) => [c.day, c.households])).toEqual([[D1, K]]);

    await mark("2026-11-18");
    await materializeDirtyDays(NOW);
    // Recomputing the 18th left the 17th's hour alone and added its own.
    expect((await hourCells()).map((c) => [c.hour, c.secs])).toEqual([
      ["2026-11-17T22:00:00.000Z", K * 1800],
      ["2026-11-17T23:00:00.000Z", K * 1800],
    ]);
    expect((await dayCells()).map((c) => [c.day, c.households])).toEqual([
      [D1, K],
      ["2026-11-18", K],
    ]);
    // In UTC all of it is the 17th.
    overrideSettings(BASE);
    await mark(D1, "2026-11-18");
    await materializeDirtyDays(NOW);
    expect((await dayCells()).map((c) => [c.day, c.households])).toEqual([[D1, K]]);
    expect((await hourCells()).length).toBe(2);
  });

  it("gives a 25-hour local day 25 hour cells, and an hour across a :30 midnight to one day only", async () => {
    overrideSettings({ ...BASE, AUDIENCE_TIME_ZONE: "Europe/Paris" });
    // 25 October 2026 in Paris: clocks go back, 22:00 UTC on the 24th to 23:00 UTC on the 25th.
    await insert(households(K, "dst-", 5, t("2026-10-24T22:00:00Z"), 25 * 60));
    await mark("2026-10-24", "2026-10-25", "2026-10-26");
    await materializeDirtyDays(t("2026-10-27T12:00:00Z"));
    const hours = await hourCells();
    expect(hours.length).toBe(25);
    expect(hours.every((c) => c.secs === K * 3600)).toBe(true);
    expect((await dayCells()).map((c) => [c.day, c.households])).toEqual([["2026-10-25", K]]);

    await db().$executeRawUnsafe(`DELETE FROM audience_session`);
    await db().$executeRawUnsafe(`DELETE FROM "AudienceHourCell"`);
    await db().$executeRawUnsafe(`DELETE FROM "AudienceDayCell"`);
    // Kolkata is UTC+5:30: local midnight is 18:30 UTC, so the 18:00 UTC hour starts on the 17th
    // (local 23:30) and ends on the 18th; it is the 17th's cell, whichever day is recomputed last.
    overrideSettings({ ...BASE, AUDIENCE_TIME_ZONE: "Asia/Kolkata" });
    await insert(households(K, "ist-", 5, t(`${D1}T18:00:00Z`), 60));
    await mark(D1, "2026-11-18");
    await materializeDirtyDays(NOW);
    await mark("2026-11-18");
    await materializeDirtyDays(NOW);
    expect((await hourCells()).map((c) => [c.hour, c.secs])).toEqual([
      ["2026-11-17T18:00:00.000Z", K * 3600],
    ]);
    // Half an hour on each local day: a viewer of both.
    expect((await dayCells()).map((c) => [c.day, c.households])).toEqual([
      [D1, K],
      ["2026-11-18", K],
    ]);
  });

  it("counts a household in reach from a minute on a channel that day, in the panel from a minute of anything", async () => {
    const at = t(`${D1}T19:00:00Z`);
    await insert([
      ...households(K - 1, "minute-", 4, at, 1),
      // 59 seconds: in the hour cell's k (it watched), not in reach.
      { household: "short", channel: 4, start: at, end: new Date(at.getTime() + 59_000) },
      // Two half-minutes on channel 4 add up to a minute.
      { household: "halves", channel: 4, start: t(`${D1}T06:00:00Z`), end: t(`${D1}T06:00:30Z`) },
      { household: "halves", channel: 4, start: t(`${D1}T21:00:00Z`), end: t(`${D1}T21:00:30Z`) },
    ]);
    await mark(D1);
    await materializeDirtyDays(NOW);
    expect((await dayCells()).map((c) => [c.channel, c.households])).toEqual([[4, K]]);
    const hours = await hourCells();
    expect(hours.find((c) => c.hour.startsWith(`${D1}T19`))).toMatchObject({
      suppressed: false,
      secs: (K - 1) * 60 + 59,
    });
    expect(
      hours.filter((c) => !c.hour.startsWith(`${D1}T19`)).every((c) => c.suppressed && c.secs === null),
    ).toBe(true);

    // Without the halves: k - 1 households reached, suppressed although k watched in the hour.
    await db().$executeRawUnsafe(`DELETE FROM audience_session WHERE household = 'halves'`);
    // 30 s on two channels each: not a viewer of either, but in the panel.
    await insert([
      { household: "zapper", channel: 4, start: at, end: new Date(at.getTime() + 30_000) },
      { household: "zapper", channel: 9, start: t(`${D1}T19:00:30Z`), end: t(`${D1}T19:01:00Z`) },
    ]);
    await mark(D1);
    await materializeDirtyDays(NOW);
    // Channel 9 has no viewer of a minute: no cell at all (nothing to suppress).
    expect((await dayCells()).map((c) => [c.channel, c.suppressed, c.households])).toEqual([[4, true, null]]);
    expect((await panel()).map((c) => c.households)).toEqual([K]);
  });

  it("counts pseudonyms of different periods as possibly the same household (never above the true number)", async () => {
    overrideSettings({ ...BASE, AUDIENCE_TIME_ZONE: "Europe/Paris" });
    // The same k - 1 households on both sides of the weekly key change (Monday 00:00 UTC): sessions
    // begun in week 47 run into the 00:00 hour, where week 48's pseudonyms watch too; the Paris day
    // of the 23rd holds both. 2k - 2 pseudonyms, but never more than k - 1 of one period.
    await insert([
      ...households(K - 1, "old-", 6, t("2026-11-22T23:30:00Z"), 45, { period: "2026-W47" }),
      ...households(K - 1, "new-", 6, t("2026-11-23T00:20:00Z"), 20, { period: "2026-W48" }),
    ]);
    await mark("2026-11-23");
    await materializeDirtyDays(t("2026-11-24T12:00:00Z"));
    const hours = await hourCells();
    expect(hours.map((c) => c.hour)).toEqual(["2026-11-22T23:00:00.000Z", "2026-11-23T00:00:00.000Z"]);
    expect(hours.every((c) => c.suppressed && c.secs === null)).toBe(true);
    expect((await dayCells()).map((c) => [c.day, c.suppressed, c.households])).toEqual([
      ["2026-11-23", true, null],
    ]);
    expect((await panel()).map((c) => c.suppressed)).toEqual([true]);

    // One more household in week 48: k of one period, published (with the k - 1 of week 47 not added).
    await insert(households(1, "new-extra-", 6, t("2026-11-23T00:20:00Z"), 20, { period: "2026-W48" }));
    await mark("2026-11-23");
    await materializeDirtyDays(t("2026-11-24T12:00:00Z"));
    expect((await dayCells()).map((c) => c.households)).toEqual([K]);
    expect((await hourCells()).map((c) => c.secs)).toEqual([null, (K - 1) * 900 + K * 1200]);
  });
});

describe("sessions from collection", () => {
  it("keeps only the last look-back stretch of an over-long window, so the cells hold all that is stored", async () => {
    // A box silent for five days reports 2 hours watched: the store keeps the last two days of the
    // window (the materializer's look-back), with its seconds, and every stored second reaches a cell.
    const now = Date.parse("2026-11-19T12:00:00Z");
    for (let i = 0; i < K; i++) {
      const r = await writeSessions(
        { deviceId: 9000 + i, household: `long-${i}`, regionId: 3, segment: "" },
        [{ channelId: 12, start: now - 5 * DAY, end: now, secs: 7200, source: 1 }],
        { now },
      );
      expect(r.written).toBe(1);
    }
    const [row] = await db().$queryRawUnsafe<{ start: Date; secs: number; n: number }[]>(
      `SELECT min(start_at) AS start, sum(secs)::int AS secs, count(*)::int AS n FROM audience_session`,
    );
    expect(row).toEqual({ start: new Date(now - 2 * DAY), secs: K * 7200, n: K });
    await materializeDirtyDays(new Date(now));
    expect(await marks()).toEqual([]);
    const [sum] = await db().$queryRawUnsafe<{ secs: number }[]>(
      `SELECT sum(secs)::int AS secs FROM "AudienceHourCell"`,
    );
    expect(sum?.secs).toBe(K * 7200);
    expect((await dayCells()).map((c) => [c.day, c.households])).toEqual([
      ["2026-11-17", K],
      ["2026-11-18", K],
      ["2026-11-19", K],
    ]);
  });
});

describe("noise", () => {
  it("is off by default and deterministic per cell when on, after the k check", async () => {
    const at = t(`${D1}T20:00:00Z`);
    await insert([
      ...households(K - 1, "few-", 1, at, 10),
      ...Array.from({ length: 12 }, (_, c) => households(K + c, `ch${c}-`, 10 + c, at, 20 + c)).flat(),
    ]);
    const truth = async () => {
      await mark(D1);
      await materializeDirtyDays(NOW);
      return { hours: await hourCells(), days: await dayCells(), panel: await panel() };
    };
    const exact = await truth();
    expect(exact.hours.find((c) => c.channel === 10)?.secs).toBe(K * 1200);

    overrideSettings({ ...BASE, AUDIENCE_NOISE: "3" });
    const noisy1 = await truth();
    const noisy2 = await truth();
    expect(noisy2).toEqual(noisy1);
    // Suppressed stays suppressed with no figure; published ones moved (almost surely not all by 0).
    expect(noisy1.hours.find((c) => c.channel === 1)).toMatchObject({ suppressed: true, secs: null });
    const moved = noisy1.days.filter((c, i) => c.households !== exact.days[i]?.households).length;
    expect(moved).toBeGreaterThan(3);
    expect(noisy1.hours.filter((c, i) => c.secs !== exact.hours[i]?.secs).length).toBeGreaterThan(6);
    for (const c of [...noisy1.days, ...noisy1.hours.map((h) => ({ households: h.secs }))])
      expect(c.households === null || c.households >= 0).toBe(true);

    overrideSettings(BASE);
    expect(await truth()).toEqual(exact);
  });
});

describe("dirty days", () => {
  it("keeps a mark made while its day was being recomputed, and recomputes late data", async () => {
    const at = t(`${D1}T12:00:00Z`);
    await insert(households(K - 1, "first-", 8, at, 30));
    await mark(D1);
    const r = await materializeDirtyDays(NOW, {
      // The collector stores a session and marks the day again after the mark was read.
      afterMarksRead: async () => {
        await insert(households(1, "late-", 8, at, 30));
        await mark(D1);
      },
    });
    expect(r.recomputed).toBe(1);
    expect(await marks()).toEqual([D1]);

    await materializeDirtyDays(NOW);
    expect(await marks()).toEqual([]);
    expect((await dayCells()).map((c) => [c.suppressed, c.households])).toEqual([[false, K]]);

    // A late-arriving session for a day already published: its mark recomputes the day.
    await insert(households(2, "later-", 8, t(`${D1}T13:00:00Z`), 30));
    await mark(D1);
    await materializeDirtyDays(NOW);
    expect((await dayCells()).map((c) => c.households)).toEqual([K + 2]);
  });

  it("keeps a re-mark stamped with the same or an older time (a transaction begun earlier)", async () => {
    const at = t(`${D1}T12:00:00Z`);
    for (const [i, stamp] of [`"markedAt"`, `"markedAt" - interval '1 second'`].entries()) {
      await insert(households(K - 1, `stamp${i}-`, 8 + i, at, 30));
      await mark(D1);
      await materializeDirtyDays(NOW);
      await insert(households(1, `stamp${i}-late-`, 8 + i, at, 30));
      await mark(D1);
      await materializeDirtyDays(NOW, {
        afterMarksRead: async () => {
          await db().$executeRawUnsafe(`UPDATE "AudienceDirtyDay" SET "markedAt" = ${stamp}`);
        },
      });
      expect(await marks()).toEqual([D1]);
      await materializeDirtyDays(NOW);
      expect(await marks()).toEqual([]);
    }
  });

  it("ends between days when its process stops, leaving the other days marked", async () => {
    const days = ["2026-11-15", "2026-11-16", D1];
    for (const day of days) await insert(households(K, `stop-${day}-`, 3, t(`${day}T18:00:00Z`), 40));
    await mark(...days);
    let checks = 0;
    const r = await materializeDirtyDays(NOW, { stopped: () => checks++ >= 1 });
    expect(r).toEqual({ recomputed: 1, expired: 0, busy: 0 });
    expect(await marks()).toEqual(days.slice(1));
    expect((await dayCells()).map((c) => c.day)).toEqual(days.slice(0, 1));
  });

  it("leaves cells of days past the session retention as they are and drops their marks", async () => {
    await insert(households(K, "old-", 2, t(`${D1}T12:00:00Z`), 30));
    await mark(D1);
    await materializeDirtyDays(NOW);
    await db().$executeRawUnsafe(`DELETE FROM audience_session`);
    await mark(D1);
    // Eight days later the sessions of the 17th are past the 7-day retention: nothing is recomputed.
    expect(await materializeDirtyDays(new Date(NOW.getTime() + 8 * DAY))).toEqual({
      recomputed: 0,
      expired: 1,
      busy: 0,
    });
    expect(await marks()).toEqual([]);
    expect((await dayCells()).map((c) => c.households)).toEqual([K]);
  });

  it("gives the same cells when two runs race (each day once, under its lock)", async () => {
    const days = ["2026-11-14", "2026-11-15", "2026-11-16", D1];
    for (const [i, day] of days.entries())
      await insert(households(K + i, `race${i}-`, 3, t(`${day}T18:00:00Z`), 40));
    await mark(...days);
    const [a, b] = await Promise.all([materializeDirtyDays(NOW), materializeDirtyDays(NOW)]);
    expect(a.recomputed + b.recomputed).toBeGreaterThanOrEqual(days.length);
    expect(await marks()).toEqual([]);
    expect((await dayCells()).map((c) => c.households)).toEqual([K, K + 1, K + 2, K + 3]);
    expect((await hourCells()).map((c) => c.secs)).toEqual([0, 1, 2, 3].map((i) => (K + i) * 2400));
  });
});

async function sessionPartitions(): Promise<string[]> {
  const rows = await db().$queryRawUnsafe<{ name: string }[]>(
    `SELECT c.relname::text AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'audience_session' ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

describe("retention", () => {
  it("drops session partitions past AUDIENCE_SESSION_DAYS, keeps their cells, ages cells out later", async () => {
    const now = t("2026-11-26T10:00:00Z");
    const old = t("2026-11-18T12:00:00Z"); // its partition ends 2026-11-19, 7 days before now - 7 h
    const recent = t("2026-11-19T12:00:00Z");
    await insert([...households(K, "old-", 2, old, 30), ...households(K, "recent-", 2, recent, 30)]);
    await mark("2026-11-18", "2026-11-19");
    await materializeDirtyDays(NOW);
    expect((await dayCells()).map((c) => c.day)).toEqual(["2026-11-18", "2026-11-19"]);
    const cellsBefore = await hourCells();

    const r = await applyAudienceRetention(now);
    expect(r.dropped).toContain(partitionName("audience_session", t("2026-11-18T00:00:00Z")));
    expect(r.dropped).not.toContain(partitionName("audience_session", t("2026-11-19T00:00:00Z")));
    const left = await db().$queryRawUnsafe<{ household: string }[]>(
      `SELECT DISTINCT household FROM audience_session ORDER BY 1`,
    );
    expect(left.map((x) => x.household)).toEqual(["recent-0", "recent-1", "recent-2", "recent-3"]);
    // The cells stay: only individual sessions expire.
    expect(await hourCells()).toEqual(cellsBefore);
    expect(r.hourCellsDeleted + r.dayCellsDeleted + r.panelDaysDeleted).toBe(0);
    // Partitions ahead: today and the next two days.
    const parts = await sessionPartitions();
    for (const d of ["20261126", "20261127", "20261128"]) expect(parts).toContain(`audience_session_p${d}`);

    // Cells past AUDIENCE_CELL_DAYS (730 days) go too.
    const later = new Date(t("2026-11-20T00:00:00Z").getTime() + 730 * DAY);
    const r2 = await applyAudienceRetention(later);
    expect(r2.hourCellsDeleted).toBe(2);
    expect(r2.dayCellsDeleted).toBe(2);
    expect(r2.panelDaysDeleted).toBe(2);
    expect(await sessionPartitions()).not.toContain("audience_session_p20261119");
  });

  it("destroys pseudonym keys of periods whose sessions are gone", async () => {
    await db().audiencePeriodKey.deleteMany();
    await db().audiencePeriodKey.createMany({
      data: [
        { period: "2026-W40", sealedKey: "x" },
        { period: "2026-W48", sealedKey: "y" },
      ],
    });
    const r = await applyAudienceRetention(t("2026-11-26T10:00:00Z"));
    expect(r.keysDropped).toEqual(["2026-W40"]);
    expect((await db().audiencePeriodKey.findMany()).map((k) => k.period)).toEqual(["2026-W48"]);
    await db().audiencePeriodKey.deleteMany();
  });
});

describe("the store loop", () => {
  it("materializes marked days on its first tick and stops cleanly", async () => {
    const at = new Date(Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR);
    await insert(households(K, "loop-", 11, at, 20));
    const day = at.toISOString().slice(0, 10);
    await mark(day);
    const loop = startAudienceStore({ pollMs: 60_000 });
    try {
      await waitFor(async () => (await marks()).length === 0, 30_000);
      expect((await dayCells()).map((c) => [c.day, c.households])).toEqual([[day, K]]);
      const parts = await sessionPartitions();
      expect(parts).toContain(partitionName("audience_session", new Date(Date.now() + 2 * DAY)));
    } finally {
      await loop.stop();
    }
  });
});
