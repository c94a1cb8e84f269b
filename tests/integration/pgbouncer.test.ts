// The ACS behind pgbouncer in transaction mode (Debian's 1.18: no named prepared statements there).
// Each transaction may get another server connection, so a statement prepared by name on one is
// missing on the next (26000) or already there for another client (42P05): DATABASE_POOLER=
// pgbouncer-transaction makes preparedQuery send unnamed statements, and migrations hold only
// transaction-scoped locks. Needs the test PostgreSQL (scripts/with-postgres.sh) and pgbouncer
// (scripts/ensure-pgbouncer.sh): skipped without them, except that CI fails when pgbouncer is missing.
import { existsSync } from "node:fs";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, db, disconnectDatabase, preparedQuery } from "../../server/db";
import { applyMigrations } from "../../server/database/migrate";
import type { DatabasePooler } from "../../server/database/pooler";
import { searchDevices } from "../../server/devices/search";
import { LOG_OPTIONS, loggerSlot } from "../../server/logger";
import { queueTask } from "../../server/tasks/service";
import { deviceSearchSchema } from "../../lib/devices/search-query";
import type { Fleet } from "../../sim";
import { startInformedFleet } from "../support/fleet";
import { PGBOUNCER, startPgbouncer, type Pgbouncer } from "../support/pgbouncer";
import { query } from "../support/server-process";
import { freshDatabaseUrl, startTestServer, waitFor, type TestServer } from "../support/test-server";

const postgres = Boolean(process.env.TEST_DATABASE_URL);
if (postgres && process.env.CI && !existsSync(PGBOUNCER))
  throw new Error("pgbouncer is missing: scripts/ensure-pgbouncer.sh installs it");
const runs = postgres && existsSync(PGBOUNCER);

let bouncer: Pgbouncer | undefined;
let server: TestServer | undefined;
let fleet: Fleet | undefined;
let directUrl = "";

beforeAll(async () => {
  if (!runs) return;
  directUrl = (await freshDatabaseUrl())!;
  // 3 server connections under the ACS's pool of 20: client connections really share them.
  bouncer = await startPgbouncer({
    upstreamUrl: directUrl,
    poolMode: "transaction",
    serverConnections: 3,
  });
});

afterAll(async () => {
  await fleet?.stop();
  await server?.close();
  await disconnectDatabase();
  await bouncer?.stop();
});

/** Concurrent rounds of one named hot-path statement through the pooler; the errors they met. */
async function hammer(pooler: DatabasePooler, through = bouncer!): Promise<unknown[]> {
  connectDatabase(through.url(directUrl), 8, { pooler });
  const errors: unknown[] = [];
  try {
    for (let round = 0; round < 10; round++) {
      const calls = Array.from({ length: 16 }, (_, i) =>
        preparedQuery<{ n: number }>("pgbouncer-probe", "SELECT $1::int + 1 AS n", [i]).then(
          (rows) => expect(rows[0]?.n).toBe(i + 1),
          (error: unknown) => errors.push(error),
        ),
      );
      await Promise.all(calls);
    }
  } finally {
    await disconnectDatabase();
  }
  return errors;
}

describe.skipIf(!runs)("behind pgbouncer in session mode (the documented alternative)", () => {
  it("keeps named prepared statements working without any setting", async () => {
    // Session mode gives each client connection a server connection of its own for as long as it
    // lives: pgbouncer needs at least as many server connections as the ACS pools hold.
    const session = await startPgbouncer({
      upstreamUrl: directUrl,
      poolMode: "session",
      serverConnections: 8,
    });
    try {
      expect(await hammer("none", session)).toEqual([]);
    } finally {
      await session.stop();
    }
  });
});

describe.skipIf(!runs)("behind pgbouncer in transaction mode", () => {
  it("breaks named prepared statements unless DATABASE_POOLER says so", async () => {
    const lines: string[] = [];
    loggerSlot.logger = pino(
      { ...LOG_OPTIONS, level: "warn" },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const named = await hammer("none");
    loggerSlot.logger = undefined;
    expect(named.length).toBeGreaterThan(0);
    // The operator is told what the errors mean and what to set.
    expect(lines.join("")).toContain("set DATABASE_POOLER=pgbouncer-transaction");
    expect(named.map((e) => (e as { code?: string }).code)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(26000|42P05)$/)]),
    );
    expect(await hammer("pgbouncer-transaction")).toEqual([]);
  });

  it("applies each migration once when two processes migrate at once through the pooler", async () => {
    // A session-level advisory lock would be taken on one server connection and released on another
    // (or never): the second process would wait forever.
    const url = bouncer!.url((await freshDatabaseUrl())!);
    const [a, b] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    const all = [...a.applied, ...b.applied].sort();
    expect(new Set(all).size).toBe(all.length);
    const recorded = await query<{ name: string }>(
      url,
      `SELECT name FROM "_vantage_migrations" ORDER BY name`,
    );
    expect(all).toEqual(recorded.map((r) => r.name));
    expect(all.length).toBeGreaterThan(10);
  });

  it("migrates, bootstraps a fleet, runs a task on each device and searches, without an error", async () => {
    // No DIRECT_DATABASE_URL: the migrations themselves go through the pooler.
    server = await startTestServer({
      DATABASE_URL: bouncer!.url(directUrl),
      DATABASE_POOLER: "pgbouncer-transaction",
    });
    fleet = await startInformedFleet(server.cwmpUrl, { devices: 4, seed: 17 });
    const idle = async () => (await db().task.count({ where: { state: { in: ["queued", "sent"] } } })) === 0;
    await waitFor(idle, 30_000);
    const devices = await db().device.findMany({
      select: { id: true, serialNumber: true, rootObject: true },
    });
    expect(devices).toHaveLength(4);
    const queued = await Promise.all(
      devices.map((d) =>
        queueTask(d.id, {
          name: "GetParameterValues",
          parameterNames: [`${d.rootObject}.DeviceInfo.UpTime`],
        }),
      ),
    );
    await waitFor(idle, 30_000);

    const states = await db().task.findMany({
      where: { id: { in: queued.map((t) => t.id) } },
      select: { state: true },
    });
    expect(states.map((t) => t.state)).toEqual(["done", "done", "done", "done"]);
    const notDone = await db().task.count({ where: { state: { not: "done" } } });
    expect(notDone).toBe(0);
    expect(fleet.counters.sessionsFailed).toBe(0);

    const target = devices[0]!;
    const found = await searchDevices(
      deviceSearchSchema.parse({
        param: { path: `${target.rootObject}.DeviceInfo.SerialNumber`, op: "eq", value: target.serialNumber },
      }),
    );
    expect(found.rows.map((r) => r.serialNumber)).toEqual([target.serialNumber]);
    // The statements really went through the pooler: its server connections are the database's clients.
    const viaPooler = await query<{ n: number }>(
      directUrl,
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    expect(viaPooler[0]?.n).toBeLessThanOrEqual(3);
  });
});
