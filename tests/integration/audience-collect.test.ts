// Audience collection against a real server: boxes post BulkData reports (or answer the ACS's poll)
// with TR-135 AudienceStats; the sessions stored carry pseudonyms only, the right seconds across
// resets, none for an opted-out household (and an opt-out deletes what was stored), pseudonyms that
// change with the period and hold within one, and one box's garbage never stops another's data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAuthorization, digestAuthorization } from "../../server/cwmp/transport/digest";
import type { CpeResponse, Envelope, FromAcs, ParameterValue } from "../../server/cwmp/soap/types";
import { startAudienceCollection } from "../../server/audience/collect";
import { SESSION_SOURCES, lockHousehold, writeSessions } from "../../server/audience/collect/write-sessions";
import {
  deviceOptOut,
  importOptOuts,
  listOptOuts,
  optOutHousehold,
  withdrawOptOut,
} from "../../server/audience/optout";
import { boxPseudonym, householdPseudonym, periodBounds, periodOf } from "../../server/audience/pseudonym";
import { db } from "../../server/db";
import type { ParameterDocument } from "../../server/devices/parameter-document";
import { asJson } from "../../server/json";
import { bulkdataPasswordFor } from "../../server/monitoring/bulkdata";
import { invalidateChannels } from "../../server/monitoring/collect/channels";
import { forgetPollState } from "../../server/monitoring/poll/service";
import { ScriptedCpe, makeInform, type AcsAnswer } from "../support/scripted-cpe";
import { startTestServer, type TestServer } from "../support/test-server";

const SVC = "Device.Services.STBService.1.";
const AS = `${SVC}Applications.AudienceStats.`;
const MS = `${SVC}ServiceMonitoring.MainStream.1.`;
const MIN = 60_000;
const DAY = 86_400_000;

let server: TestServer;
let stopCollection: () => void;
let actor: { id: number; username: string };
let northId = 0;
const devices: Record<string, { id: number; serialNumber: string }> = {};

interface Box {
  serialNumber: string;
  subscriberId: string;
}
const BOXES = {
  a: { serialNumber: "AUD-STB-A", subscriberId: "SUB-A" },
  b: { serialNumber: "AUD-STB-B", subscriberId: "SUB-B" },
  c: { serialNumber: "AUD-STB-C", subscriberId: "SUB-C" },
  d: { serialNumber: "AUD-STB-D", subscriberId: "SUB-D" },
  e: { serialNumber: "AUD-STB-E", subscriberId: "SUB-E" },
} satisfies Record<string, Box>;

beforeAll(async () => {
  // Two weeks of sessions kept, so a test can write sessions on both sides of a period boundary.
  server = await startTestServer({ CWMP_PROVISION_CR_CREDENTIALS: "false", AUDIENCE_SESSION_DAYS: "14" });
  stopCollection = startAudienceCollection();
  await db().channel.createMany({ data: [{ name: "News One" }, { name: "Sport Two" }] });
  invalidateChannels();
  northId = (await db().region.create({ data: { name: "North" } })).id;
  await db().topologyEntry.create({
    data: { household: "SUB-A", regionId: northId, segment: "premium" },
  });
  for (const [k, b] of Object.entries(BOXES)) {
    const row = await db().device.create({
      data: {
        ...b,
        oui: "00D09E",
        productClass: "STB",
        manufacturer: "Test",
        kind: "STB",
        rootObject: "Device",
      },
    });
    devices[k] = { id: row.id, serialNumber: b.serialNumber };
  }
  const admin = await db().operator.findFirstOrThrow({ orderBy: { id: "asc" } });
  actor = { id: admin.id, username: admin.username };
}, 60_000);

afterAll(async () => {
  stopCollection?.();
  await server?.close();
});

/** POST a JSON BulkData report as the box, with its Digest credentials. */
async function post(box: Box, reports: Record<string, string | number>[]): Promise<number> {
  const body = JSON.stringify({ Report: reports });
  const url = server.collectorUrl;
  const send = (authorization?: string) =>
    fetch(url, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        ...(authorization ? { Authorization: authorization } : {}),
      },
    });
  const first = await send();
  const challenge = parseAuthorization(first.headers.get("www-authenticate") ?? "");
  if (challenge?.scheme !== "Digest") throw new Error("no Digest challenge");
  const password = await bulkdataPasswordFor({ oui: "00D09E", serialNumber: box.serialNumber });
  const res = await send(
    digestAuthorization({
      method: "POST",
      uri: new URL(url).pathname,
      username: box.serialNumber,
      password,
      challenge: challenge.params,
    }),
  );
  return res.status;
}

/** One AudienceStats reading: channel name -> Duration (text, so garbage can be sent). */
function audience(
  at: number,
  channels: Record<string, string>,
  extra: Record<string, string | number> = {},
): Record<string, string | number> {
  const r: Record<string, string | number> = { CollectionTime: at, [`${AS}Enable`]: "true", ...extra };
  Object.entries(channels).forEach(([name, duration], i) => {
    r[`${AS}Channel.${i + 1}.Name`] = name;
    r[`${AS}Channel.${i + 1}.Duration`] = duration;
  });
  return r;
}

interface SessionRow {
  period: string;
  household: string;
  box: string;
  channel: string;
  region_id: number;
  segment: string;
  start_at: Date;
  end_at: Date;
  secs: number;
  source: number;
}

/** The sessions of a household (found through its pseudonym in every period that has a key). */
async function sessionsOf(household: string): Promise<SessionRow[]> {
  const periods = (await db().audiencePeriodKey.findMany()).map((k) => k.period);
  const names = await Promise.all(periods.map((p) => householdPseudonym(p, household)));
  return db().$queryRawUnsafe<SessionRow[]>(
    `SELECT s.period, s.household, s.box, c.name AS channel, s.region_id, s.segment, s.start_at, s.end_at,
            s.secs, s.source::int AS source
       FROM audience_session s JOIN "Channel" c ON c.id = s.channel_id
      WHERE s.household = ANY($1::text[]) ORDER BY s.start_at, c.name`,
    names,
  );
}

const secsBy = (rows: SessionRow[]) => {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.channel] = (out[r.channel] ?? 0) + r.secs;
  return out;
};

const T = Math.floor((Date.now() - 3 * 3_600_000) / MIN) * MIN;

describe("collection from BulkData AudienceStats", () => {
  it("stores the viewing between readings under pseudonyms, across a reset", async () => {
    expect(
      await post(BOXES.a, [
        audience(T, { "News One": "1000", "Sport Two": "500" }, { [`${AS}ResetTime`]: 5000 }),
        audience(T + 15 * MIN, { "News One": "1600", "Sport Two": "500" }, { [`${AS}ResetTime`]: 5900 }),
      ]),
    ).toBe(204);
    let rows = await sessionsOf("SUB-A");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      channel: "News One",
      secs: 600,
      source: 1,
      region_id: northId,
      segment: "premium",
    });
    expect(rows[0]!.start_at.getTime()).toBe(T);
    expect(rows[0]!.end_at.getTime()).toBe(T + 15 * MIN);

    // The box was reset (ResetTime went back): what it shows now counts from zero, bounded by ResetTime.
    // Its monitoring intervals of the same time are not counted again.
    expect(
      await post(BOXES.a, [
        {
          ...audience(T + 30 * MIN, { "News One": "500" }, { [`${AS}ResetTime`]: 300 }),
          [`${SVC}ServiceMonitoring.SampleInterval`]: 300,
          [`${SVC}ServiceMonitoring.ReportEndTime`]: new Date(T + 30 * MIN).toISOString(),
          [`${MS}AVStream`]: `${SVC}AVStreams.AVStream.1`,
          [`${SVC}AVStreams.AVStream.1.Name`]: "Sport Two",
          [`${MS}Sample.SampleSeconds`]: "300,300",
          [`${MS}Sample.RTPStats.PacketsExpected`]: "1000,1000",
        },
        audience(T + 45 * MIN, { "News One": "500", "Sport Two": "700" }, { [`${AS}ResetTime`]: 1200 }),
      ]),
    ).toBe(204);
    rows = await sessionsOf("SUB-A");
    expect(rows.map((r) => [r.channel, r.secs])).toEqual([
      ["News One", 600],
      ["News One", 300],
      ["Sport Two", 700],
    ]);
    expect(rows.every((r) => r.source === 1)).toBe(true);

    // Pseudonyms, never the ids.
    const period = periodOf(new Date(T));
    expect(rows[0]!.period).toBe(period);
    expect(rows[0]!.household).toBe(await householdPseudonym(period, "SUB-A"));
    expect(rows[0]!.box).toBe(await boxPseudonym(period, devices.a!.id));
    const all = await db().$queryRawUnsafe<{ row: string }[]>(
      `SELECT row_to_json(s)::text AS row FROM audience_session s`,
    );
    for (const { row } of all) {
      for (const b of Object.values(BOXES)) {
        expect(row).not.toContain(b.subscriberId);
        expect(row).not.toContain(b.serialNumber);
      }
    }
    // The days the sessions touch are marked for the published cells.
    expect(await db().audienceDirtyDay.count()).toBeGreaterThan(0);
  });

  it("skips one box's garbage (and channels not in the line-up) and still stores the rest", async () => {
    const bad = {
      [`${AS}Channel.1.Name`]: "News One",
      [`${AS}Channel.1.Duration`]: "abc",
      [`${AS}Channel.2.Name`]: "Sport Two",
      [`${AS}Channel.2.Duration`]: "300",
      [`${AS}Channel.3.Name`]: "Pirate TV",
      [`${AS}Channel.3.Duration`]: "200",
      [`${AS}Channel.4.Duration`]: "99999999999",
      [`${AS}ResetTime`]: "-4",
    };
    expect(await post(BOXES.b, [{ CollectionTime: T, [`${AS}Enable`]: "true", ...bad }])).toBe(204);
    expect(
      await post(BOXES.b, [
        { CollectionTime: T + 10 * MIN, [`${AS}Enable`]: "true", ...bad, [`${AS}Channel.2.Duration`]: "360" },
      ]),
    ).toBe(204);
    expect(await post(BOXES.e, [audience(T, { "News One": "0" })])).toBe(204);
    expect(await post(BOXES.e, [audience(T + 10 * MIN, { "News One": "240" })])).toBe(204);
    expect(secsBy(await sessionsOf("SUB-B"))).toEqual({ "Sport Two": 60 });
    expect(secsBy(await sessionsOf("SUB-E"))).toEqual({ "News One": 240 });
    const names = await db().$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM audience_session s JOIN "Channel" c ON c.id = s.channel_id WHERE c.name = 'Pirate TV'`,
    );
    expect(Number(names[0]!.n)).toBe(0);
  });

  it("measures a box without AudienceStats by the channel of its monitoring intervals", async () => {
    const end = Math.floor(Date.now() / 300_000) * 300_000 - 600_000;
    expect(
      await post(BOXES.d, [
        {
          CollectionTime: end,
          [`${SVC}ServiceMonitoring.SampleInterval`]: 300,
          [`${SVC}ServiceMonitoring.ReportEndTime`]: new Date(end).toISOString(),
          [`${MS}AVStream`]: `${SVC}AVStreams.AVStream.2`,
          [`${SVC}AVStreams.AVStream.2.Name`]: "Sport Two",
          [`${MS}Sample.SampleSeconds`]: "300,240",
          [`${MS}Sample.RTPStats.PacketsExpected`]: "1000,1000",
        },
      ]),
    ).toBe(204);
    const rows = await sessionsOf("SUB-D");
    expect(rows.map((r) => [r.channel, r.secs, r.source])).toEqual([
      ["Sport Two", 300, 2],
      ["Sport Two", 240, 2],
    ]);
  });
});

describe("opt-out", () => {
  it("drops an opted-out household's data at collection", async () => {
    await optOutHousehold(actor, "SUB-C", "asked by phone");
    expect(
      await post(BOXES.c, [audience(T, { "News One": "0" }), audience(T + 20 * MIN, { "News One": "900" })]),
    ).toBe(204);
    expect(await sessionsOf("SUB-C")).toEqual([]);
    expect(
      await db().metricCursor.count({
        where: { deviceId: devices.c!.id, stream: { startsWith: "audience:" } },
      }),
    ).toBe(0);
  });

  it("deletes what was stored, keeps it out afterwards, and restores nothing on withdrawal", async () => {
    const stored = (await sessionsOf("SUB-A")).length;
    expect(stored).toBeGreaterThan(0);
    await db().audienceDirtyDay.deleteMany();
    const { deleted } = await optOutHousehold(actor, "SUB-A", "");
    expect(deleted).toBe(stored);
    expect(await sessionsOf("SUB-A")).toEqual([]);
    expect(await db().audienceDirtyDay.count()).toBeGreaterThan(0);
    // Other households are untouched.
    expect((await sessionsOf("SUB-E")).length).toBeGreaterThan(0);
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: "audience.optout", target: "SUB-A" },
    });
    expect(audit.operatorId).toBe(actor.id);

    expect(await post(BOXES.a, [audience(T + 60 * MIN, { "News One": "900", "Sport Two": "700" })])).toBe(
      204,
    );
    expect(await sessionsOf("SUB-A")).toEqual([]);

    await withdrawOptOut(actor, "SUB-A");
    // The first reading after the withdrawal is a fresh baseline: the opted-out time is never counted.
    expect(await post(BOXES.a, [audience(T + 75 * MIN, { "News One": "1500", "Sport Two": "700" })])).toBe(
      204,
    );
    expect(await sessionsOf("SUB-A")).toEqual([]);
    expect(await post(BOXES.a, [audience(T + 90 * MIN, { "News One": "1800", "Sport Two": "700" })])).toBe(
      204,
    );
    expect(secsBy(await sessionsOf("SUB-A"))).toEqual({ "News One": 300 });
  });
});

describe("pseudonym rotation", () => {
  it("gives a household one pseudonym within a period and another in the next", async () => {
    // A period boundary at least a day ago and inside the two weeks kept.
    const boundary = periodBounds(periodOf(new Date(Date.now() - 8 * DAY)))!.end.getTime();
    const at = (m: number) => boundary + m * MIN;
    const box = { serialNumber: "AUD-STB-R", subscriberId: "SUB-R" };
    await db().device.create({
      data: {
        ...box,
        oui: "00D09E",
        productClass: "STB",
        manufacturer: "Test",
        kind: "STB",
        rootObject: "Device",
      },
    });
    expect(
      await post(box, [
        audience(at(-40), { "News One": "0" }),
        audience(at(-20), { "News One": "600" }),
        audience(at(20), { "News One": "1800" }),
        audience(at(40), { "News One": "2400" }),
      ]),
    ).toBe(204);
    const rows = await sessionsOf("SUB-R");
    expect(rows.map((r) => r.secs)).toEqual([600, 1200, 600]);
    const before = periodOf(new Date(at(-1)));
    const after = periodOf(new Date(at(1)));
    expect(rows.map((r) => r.period)).toEqual([before, before, after]);
    expect(rows[0]!.household).toBe(rows[1]!.household);
    expect(rows[2]!.household).not.toBe(rows[0]!.household);
    expect(rows[2]!.box).not.toBe(rows[0]!.box);
    expect(rows[2]!.household).toBe(await householdPseudonym(after, "SUB-R"));
  });
});

describe("collection from a polled answer", () => {
  const bodyOf = (step: AcsAnswer): Envelope<FromAcs>["body"] | undefined => step.envelope?.body;
  const answer = (cpe: ScriptedCpe, step: AcsAnswer, body: CpeResponse) =>
    cpe.send(body, step.envelope?.header.id);
  const str = (
    name: string,
    value: string,
    type: "string" | "unsignedInt" | "boolean" = "string",
  ): ParameterValue => ({
    name,
    value,
    type,
  });

  it("asks for AudienceStats in the poll and stores the viewing between two polls", async () => {
    const serial = "AUD-POLL-1";
    const cpe = new ScriptedCpe(server.cwmpUrl);
    await cpe.inform(makeInform(serial, ["1 BOOT"]));
    let step = await cpe.empty();
    for (let i = 0; i < 10 && step.status === 200; i++) {
      const name = bodyOf(step)?.name;
      if (name === "GetParameterNames")
        step = await answer(cpe, step, { name: "GetParameterNamesResponse", parameterList: [] });
      else if (name === "GetParameterValues")
        step = await answer(cpe, step, { name: "GetParameterValuesResponse", parameterList: [] });
      else throw new Error(`unexpected ${name}`);
    }
    const { id } = await db().device.findFirstOrThrow({ where: { serialNumber: serial } });
    await db().task.deleteMany({ where: { deviceId: id } });
    const doc: ParameterDocument = {
      [`${SVC}ServiceMonitoring.`]: { ts: 1 },
      [`${AS}Enable`]: { v: "true", t: "boolean", ts: 1 },
    };
    await db().device.update({ where: { id }, data: { parameters: asJson(doc) } });
    forgetPollState(id);

    const poll = async (news: string) => {
      expect((await cpe.inform(makeInform(serial, ["2 PERIODIC"]))).status).toBe(200);
      const rpc = await cpe.empty();
      const gpv = bodyOf(rpc);
      if (gpv?.name !== "GetParameterValues") throw new Error(`expected a poll, got ${gpv?.name}`);
      expect(gpv.parameterNames).toContain(AS);
      const values = [
        str(`${AS}Enable`, "true", "boolean"),
        str(`${AS}ResetTime`, "86400", "unsignedInt"),
        str(`${AS}Channel.1.Name`, "News One"),
        str(`${AS}Channel.1.Duration`, news, "unsignedInt"),
      ];
      expect(
        (await answer(cpe, rpc, { name: "GetParameterValuesResponse", parameterList: values })).status,
      ).toBe(204);
    };
    await poll("1000");
    // Fifteen minutes on: the cursor backdated, the poll period over.
    const key = { deviceId_stream: { deviceId: id, stream: `audience:${SVC}` } };
    const cursor = await db().metricCursor.findUniqueOrThrow({ where: key });
    const snapshot = cursor.snapshot as { at: number };
    snapshot.at -= 15 * MIN;
    await db().metricCursor.update({ where: key, data: { snapshot: asJson(snapshot) } });
    await db().task.updateMany({
      where: { deviceId: id },
      data: { createdAt: new Date(Date.now() - 3_600_000) },
    });
    forgetPollState(id);
    await poll("1420");
    // The household of a box that informed: its subscriber id (the device page shows it).
    const { household, optedOut } = await deviceOptOut(id);
    expect(household).not.toBe(serial);
    expect(optedOut).toBe(false);
    const rows = await sessionsOf(household);
    expect(rows.map((r) => [r.channel, r.secs, r.source, r.region_id])).toEqual([["News One", 420, 1, 0]]);

    // Opted out: what the poll put in the device's document goes too, and later polls keep nothing.
    const channelRows = async () =>
      Object.keys(
        (await db().device.findUniqueOrThrow({ where: { id }, select: { parameters: true } }))
          .parameters as object,
      ).filter((k) => k.includes("AudienceStats.Channel."));
    expect(await channelRows()).not.toEqual([]);
    await optOutHousehold(actor, household, "");
    expect(await sessionsOf(household)).toEqual([]);
    expect(await channelRows()).toEqual([]);
    await db().task.updateMany({
      where: { deviceId: id },
      data: { createdAt: new Date(Date.now() - 3_600_000) },
    });
    forgetPollState(id);
    await poll("1800");
    expect(await sessionsOf(household)).toEqual([]);
    expect(await channelRows()).toEqual([]);
    cpe.close();
  });
});

describe("opt-out register", () => {
  it("imports a CSV (bad rows by line, good ones kept), lists with search and a cursor, audits once", async () => {
    const csv = [
      "note,household",
      "letter,SUB-IMP-1",
      ",   ",
      `x,${"y".repeat(300)}`,
      "web form,SUB-IMP-2",
      '"quoted, note",SUB-IMP-3',
    ].join("\r\n");
    const auditsBefore = await db().auditLog.count({
      where: { action: "audience.optout", target: "import" },
    });
    const result = await importOptOuts(actor, csv);
    expect(result.imported).toBe(3);
    expect(result.skipped).toBe(2);
    expect(result.problems.map((p) => p.line)).toEqual([3, 4]);
    expect(await db().auditLog.count({ where: { action: "audience.optout", target: "import" } })).toBe(
      auditsBefore + 1,
    );
    const noted = await db().audienceOptOut.findUniqueOrThrow({ where: { household: "SUB-IMP-3" } });
    expect(noted).toMatchObject({ note: "quoted, note", by: "import" });

    const first = await listOptOuts({ query: "imp", limit: 2 });
    expect(first.total).toBe(3);
    expect(first.rows.map((r) => r.household)).toEqual(["SUB-IMP-1", "SUB-IMP-2"]);
    const second = await listOptOuts({ query: "imp", limit: 2, cursor: first.nextCursor });
    expect(second.rows.map((r) => r.household)).toEqual(["SUB-IMP-3"]);
    expect(second.nextCursor).toBeNull();

    expect((await importOptOuts(actor, "subscriber\nSUB-X\n")).problems[0]?.message).toMatch(/household/);
    await expect(deviceOptOut(999_999)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("opt-out racing collection", () => {
  it("a session written while the household opts out waits for it and is then dropped", async () => {
    const who = { deviceId: devices.e!.id, household: "SUB-RACE", regionId: 0, segment: "" };
    const channelId = (await db().channel.findUniqueOrThrow({ where: { name: "News One" } })).id;
    const session = {
      channelId,
      start: T,
      end: T + 10 * MIN,
      secs: 300,
      source: SESSION_SOURCES.audienceStats,
    };
    let writing: Promise<unknown> | undefined;
    // The opt-out's transaction holds the household's lock while the box's sessions arrive (on
    // PostgreSQL on another connection; the embedded store has one, so there they simply queue).
    await db().$transaction(async (tx) => {
      await lockHousehold(tx, "SUB-RACE");
      writing = writeSessions(who, [session]);
      await new Promise((r) => setTimeout(r, 300));
      await tx.audienceOptOut.create({ data: { household: "SUB-RACE" } });
    });
    expect(await writing).toMatchObject({ written: 0, optedOut: true });
    expect(await sessionsOf("SUB-RACE")).toEqual([]);
  });
});
