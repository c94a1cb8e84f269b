// `parameter = value` search through the index of (path, value) keys (migration parameter_keys): the
// exact pair matches and nothing else, a count past the cap still lists the page, the planner uses the
// index, and (on PostgreSQL) an Inform repeating its values adds no entry to the index while one with
// a new value does. Runs on the test server's store (in-memory PGlite by default; TEST_DATABASE_URL for
// the PostgreSQL-only parts), calling recordInform as the CWMP backend does.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BeginSessionInput } from "../../server/cwmp/session/backend";
import type { InformRequest } from "../../server/cwmp/soap/types";
import { db } from "../../server/db";
import { recordInform } from "../../server/devices/inform";
import { searchDevices } from "../../server/devices/search";
import { whereClause } from "../../server/devices/search-sql";
import { deviceSearchSchema, type DeviceSearch } from "../../lib/devices/search-query";
import { makeInform } from "../support/scripted-cpe";
import { startTestServer, type TestServer } from "../support/test-server";

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const MODE = "Device.X.Mode";
const KEY = "Device.ManagementServer.ParameterKey";

let server: TestServer;
let client: pg.Client | undefined;

beforeAll(async () => {
  server = await startTestServer();
  if (onPostgres) {
    client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
  }
}, 60_000);

afterAll(async () => {
  await client?.end();
  await server?.close();
});

const search = (param: DeviceSearch["param"], extra: Partial<DeviceSearch> = {}) =>
  deviceSearchSchema.parse({ param, sort: "serialNumber", dir: "asc", ...extra });
const found = async (path: string, value: string, countCap?: number) => {
  const result = await searchDevices(search({ path, op: "eq", value }), { countCap });
  return { serials: result.rows.map((r) => r.serialNumber), total: result.total, capped: result.capped };
};

async function device(serial: string, parameters: Record<string, object>): Promise<void> {
  await db().device.create({
    data: { oui: "00D09E", productClass: "PIX", serialNumber: serial, manufacturer: "Acme", parameters },
  });
}

describe("parameter = value through the key index", () => {
  beforeAll(async () => {
    await device("PIX-A", { [MODE]: { v: "dark", t: "xsd:string", ts: 1 }, "Device.X.": { ts: 1 } });
    // The same text as PIX-A's pair split elsewhere: "Device.X.Mod" + "edark" = "Device.X.Mode" + "dark".
    await device("PIX-B", { "Device.X.Mod": { v: "edark", ts: 1 } });
    // A secret is stored without its value: no key, so never found by one.
    await device("PIX-C", { [MODE]: { t: "xsd:string", ts: 1 } });
    for (const serial of ["PIX-D", "PIX-E", "PIX-F"]) await device(serial, { [MODE]: { v: "light", ts: 2 } });
  });

  it("matches the exact pair only, however the text of path and value could be split", async () => {
    expect((await found(MODE, "dark")).serials).toEqual(["PIX-A"]);
    expect((await found("Device.X.Mod", "edark")).serials).toEqual(["PIX-B"]);
    expect((await found(MODE, "dar")).serials).toEqual([]);
    expect((await found(MODE, "")).serials).toEqual([]);
    // An object entry has no value, so no key (not even for "").
    expect((await found("Device.X.", "")).serials).toEqual([]);
  });

  it("past the count cap, still lists the page (walked or collected)", async () => {
    expect(await found(MODE, "light", 2)).toEqual({
      serials: ["PIX-D", "PIX-E", "PIX-F"],
      total: 2,
      capped: true,
    });
    expect(await found(MODE, "light")).toEqual({
      serials: ["PIX-D", "PIX-E", "PIX-F"],
      total: 3,
      capped: false,
    });
    // With statistics the page is collected from the index instead (search-parameter-page.ts): same rows.
    await db().$executeRawUnsafe(`ANALYZE "Device"`);
    expect(await found(MODE, "light", 2)).toEqual({
      serials: ["PIX-D", "PIX-E", "PIX-F"],
      total: 2,
      capped: true,
    });
  });

  it("a value the statistics call common: counted while the page is walked; stale statistics change nothing", async () => {
    const serials = Array.from({ length: 1000 }, (_, i) => `PIX-W${String(i).padStart(4, "0")}`);
    await db().device.createMany({
      data: serials.map((serialNumber) => ({
        oui: "00D09E",
        productClass: "PIX",
        serialNumber,
        manufacturer: "Acme",
        parameters: { [MODE]: { v: "bulk", ts: 3 } },
      })),
    });
    await db().$executeRawUnsafe(`ANALYZE "Device"`);
    // 1,000 of ~1,000 devices against a cap of 10: the count and the walk run at once.
    const first = await searchDevices(search({ path: MODE, op: "eq", value: "bulk" }, { pageSize: 20 }), {
      countCap: 10,
    });
    expect(first.rows.map((r) => r.serialNumber)).toEqual(serials.slice(0, 20));
    expect([first.total, first.capped]).toEqual([10, true]);
    // All but five change value; the statistics still say 1,000 (no ANALYZE): the count decides.
    await db().$executeRawUnsafe(
      `UPDATE "Device" SET "parameters" = jsonb_build_object($1::text, jsonb_build_object('v', 'moved'))
        WHERE "serialNumber" LIKE 'PIX-W%' AND "serialNumber" > 'PIX-W0004'`,
      MODE,
    );
    expect(await found(MODE, "bulk", 10)).toEqual({ serials: serials.slice(0, 5), total: 5, capped: false });
  });

  it.runIf(onPostgres)("is served by the GIN index on the keys", async () => {
    const where = whereClause(search({ path: MODE, op: "eq", value: "dark" }), new Date());
    await client!.query("BEGIN");
    try {
      await client!.query("SET LOCAL enable_seqscan = off");
      const plan = await client!.query<{ "QUERY PLAN": string }>(
        `EXPLAIN SELECT "id" FROM "Device" ${where.text}`,
        where.values,
      );
      expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("Device_parameter_keys_idx");
    } finally {
      await client!.query("ROLLBACK");
    }
  });
});

function input(inform: InformRequest): BeginSessionInput {
  return {
    inform,
    sessionId: `session-${inform.deviceId.serialNumber}`,
    remoteAddress: "127.0.0.1",
    principal: { kind: "none" },
    cwmpVersion: "1.0",
    lockTtlMs: 60_000,
  };
}

const periodic = (serial: string, parameterKey: string): InformRequest => {
  const inform = makeInform(serial, ["2 PERIODIC"]);
  return {
    ...inform,
    parameterList: inform.parameterList.map((p) => (p.name === KEY ? { ...p, value: parameterKey } : p)),
  };
};

describe.runIf(onPostgres)("the key index under periodic Informs (PostgreSQL)", () => {
  /** Entries waiting in the GIN index's pending list: each new row version's keys land there first. */
  const pending = async () =>
    Number(
      (
        await client!.query<{ n: string }>(
          `SELECT pending_tuples AS n FROM pgstatginindex('"Device_parameter_keys_idx"')`,
        )
      ).rows[0]?.n,
    );

  it("an Inform that repeats its values adds no entry; one with a new value does", async () => {
    await client!.query("CREATE EXTENSION IF NOT EXISTS pgstattuple");
    // Autovacuum would move pending entries into the index and hide what the Informs added.
    await client!.query(`ALTER TABLE "Device" SET (autovacuum_enabled = false)`);
    const serial = "PIX-PERIODIC";
    const recorded = await recordInform(input(makeInform(serial, ["0 BOOTSTRAP"])));
    expect(recorded.locked).toBe(false);
    await recordInform(input(periodic(serial, "k1")));
    const before = await pending();
    const informedAt = async () =>
      (
        await db().device.findFirstOrThrow({
          where: { serialNumber: serial },
          select: { lastInform: { select: { informedAt: true } } },
        })
      ).lastInform?.informedAt;
    const at = await informedAt();

    // A row version that had to go to another page (no room left on its own, e.g. while a busy
    // cluster's snapshots kept the page's dead versions) cannot be HOT and is indexed again, whatever
    // changed: those are counted, and only those may add entries (a CI run on a loaded machine had one).
    const page = async () =>
      (
        await client!.query<{ page: number }>(
          `SELECT (ctid::text::point)[0]::int AS page FROM "Device" WHERE "serialNumber" = $1`,
          [serial],
        )
      ).rows[0]?.page;
    let moved = 0;
    let last = await page();
    for (let i = 0; i < 20; i++) {
      const result = await recordInform(input(periodic(serial, "k1")), new Date(Date.now() + (i + 1) * 1000));
      expect(result.locked).toBe(false);
      const now = await page();
      if (now !== last) moved += 1;
      last = now;
    }
    expect((await informedAt())!.getTime()).toBeGreaterThan(at!.getTime()); // the Informs were recorded
    expect(moved).toBeLessThan(5);
    expect(await pending()).toBeLessThanOrEqual(before + moved);

    expect((await recordInform(input(periodic(serial, "k2")), new Date(Date.now() + 30_000))).locked).toBe(
      false,
    );
    expect(await pending()).toBeGreaterThan(before);
    expect((await found(KEY, "k2")).serials).toEqual([serial]);
    expect((await found(KEY, "k1")).serials).toEqual([]);
  });
});
