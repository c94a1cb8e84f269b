// READ_DATABASE_URL: searches and dashboards read from a real streaming replica while every write
// (CWMP sessions, tasks) goes to the primary. Replay on the replica is paused, so the replica's older
// state shows which server answered. Needs the test PostgreSQL (scripts/with-postgres.sh) and its
// binaries (pg_basebackup): skipped on the embedded store. Last, the replica stops: reads move to the
// primary.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, readDb } from "../../server/db";
import { countDevices, searchDevices } from "../../server/devices/search";
import { faultSummary } from "../../server/faults/summary";
import { deviceSearchSchema } from "../../lib/devices/search-query";
import { pgBinDir } from "../../bench/postgres";
import { startReplica, type Replica } from "../support/replica";
import { ScriptedCpe, makeInform } from "../support/scripted-cpe";
import { query } from "../support/server-process";
import { freshDatabaseUrl, startTestServer, waitFor, type TestServer } from "../support/test-server";

const runs = Boolean(process.env.TEST_DATABASE_URL && pgBinDir());

let replica: Replica | undefined;
let server: TestServer | undefined;
let primaryUrl = "";
let replicaUrl = "";

beforeAll(async () => {
  if (!runs) return;
  primaryUrl = (await freshDatabaseUrl())!;
  replica = await startReplica(primaryUrl);
  replicaUrl = replica.url(primaryUrl);
  server = await startTestServer({
    DATABASE_URL: primaryUrl,
    READ_DATABASE_URL: replicaUrl,
    CWMP_PROVISION_CR_CREDENTIALS: "false",
    CWMP_PROVISION_ACS_CREDENTIALS: "false",
  });
}, 120_000);

afterAll(async () => {
  if (replicaUrl) await query(replicaUrl, "SELECT pg_wal_replay_resume()").catch(() => undefined);
  await server?.close();
  await replica?.stop();
});

const search = (q: string) => deviceSearchSchema.parse({ q, sort: "serialNumber", dir: "asc" });
const found = async (q: string) => (await searchDevices(search(q))).rows.map((r) => r.serialNumber);

/** One CWMP session of a new device (its row written by the ACS, on the primary). */
async function inform(serial: string): Promise<void> {
  const cpe = new ScriptedCpe(server!.cwmpUrl);
  try {
    expect((await cpe.inform(makeInform(serial, ["0 BOOTSTRAP", "1 BOOT"]))).status).toBe(200);
    await cpe.empty();
  } finally {
    cpe.close();
  }
}

describe.skipIf(!runs)("a read replica (READ_DATABASE_URL)", () => {
  it("serves searches and a dashboard from the replica while writes go to the primary", async () => {
    expect(readDb()).not.toBe(db());
    await inform("REPLICA-A");
    // Streaming: the replica catches up with the first device (and the migrations before it).
    await waitFor(async () => (await found("REPLICA-")).length === 1, 20_000);

    await query(replicaUrl, "SELECT pg_wal_replay_pause()");
    await waitFor(async () => {
      const rows = await query<{ state: string }>(
        replicaUrl,
        "SELECT pg_get_wal_replay_pause_state() AS state",
      );
      return rows[0]?.state === "paused";
    });
    const before = await faultSummary(7);

    // Writes while replay stands still: a second device's session and a fault of the first.
    await inform("REPLICA-B");
    const first = await db().device.findFirstOrThrow({ where: { serialNumber: "REPLICA-A" } });
    await db().deviceFault.create({ data: { deviceId: first.id, code: 9002, message: "internal error" } });
    const onPrimary = await query<{ serialNumber: string }>(
      primaryUrl,
      `SELECT "serialNumber" FROM "Device" WHERE "serialNumber" LIKE 'REPLICA-%' ORDER BY 1`,
    );
    expect(onPrimary.map((r) => r.serialNumber)).toEqual(["REPLICA-A", "REPLICA-B"]);
    // Read-your-own-write paths stay on the primary.
    expect(await db().device.count({ where: { serialNumber: { startsWith: "REPLICA-" } } })).toBe(2);

    // The search, its count and the fleet fault dashboard answer from the replica's older state.
    expect(await found("REPLICA-")).toEqual(["REPLICA-A"]);
    expect(await countDevices({ q: "REPLICA-" })).toBe(1);
    expect((await faultSummary(7)).totals).toEqual(before.totals);

    await query(replicaUrl, "SELECT pg_wal_replay_resume()");
    await waitFor(async () => (await found("REPLICA-")).length === 2, 20_000);
    expect((await faultSummary(7)).totals.occurrences).toBe(before.totals.occurrences + 1);
  });

  it("fails loudly on a write sent to readDb() (the replica is read-only)", async () => {
    await expect(readDb().$executeRawUnsafe(`DELETE FROM "DeviceFault"`)).rejects.toThrow(/read-only/);
  });

  it("reads from the primary while the replica does not answer", async () => {
    await replica!.stop();
    // Within one probe (5 s) the searches leave the stopped replica; until then they may fail.
    await waitFor(async () => (await found("REPLICA-").catch(() => [])).length === 2, 20_000);
    expect(readDb()).toBe(db());
    expect(await countDevices({ q: "REPLICA-" })).toBe(2);
  });
});
