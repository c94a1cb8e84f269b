// Singleton job leases through pgbouncer in transaction mode (Debian's 1.18), with 2 server connections
// shared by two "nodes" in this process (two owners): no session state is needed, so every job runs on
// exactly one node, a clean stop hands it over at once, and not one lease statement fails. Needs the test
// PostgreSQL (scripts/with-postgres.sh) and pgbouncer (scripts/ensure-pgbouncer.sh): skipped without
// them, except that CI fails when pgbouncer is missing.
import { existsSync } from "node:fs";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSingleton, type Singleton } from "../../server/cluster/singleton";
import { applyMigrations } from "../../server/database/migrate";
import { connectDatabase, disconnectDatabase } from "../../server/db";
import { overrideSettings } from "../../server/env";
import { PGBOUNCER, startPgbouncer, type Pgbouncer } from "../support/pgbouncer";
import { query } from "../support/server-process";
import { freshDatabaseUrl, waitFor } from "../support/test-server";

const postgres = Boolean(process.env.TEST_DATABASE_URL);
if (postgres && process.env.CI && !existsSync(PGBOUNCER))
  throw new Error("pgbouncer is missing: scripts/ensure-pgbouncer.sh installs it");
const runs = postgres && existsSync(PGBOUNCER);

const TTL_MS = 1_500;
const JOBS = Array.from({ length: 8 }, (_, i) => `pooled-job-${i}`);

let bouncer: Pgbouncer | undefined;
let directUrl = "";
const singletons: Singleton[] = [];
/** Every warning or error the singletons log (a failed lease statement would be one). */
const problems: string[] = [];
const log = pino({ level: "warn" }, { write: (line: string) => void problems.push(line) });

beforeAll(async () => {
  if (!runs) return;
  overrideSettings({ LOG_LEVEL: "silent" });
  directUrl = (await freshDatabaseUrl())!;
  await applyMigrations(directUrl);
  bouncer = await startPgbouncer({ upstreamUrl: directUrl, poolMode: "transaction", serverConnections: 2 });
  connectDatabase(bouncer.url(directUrl), 6, { pooler: "pgbouncer-transaction" });
});

afterAll(async () => {
  await Promise.all(singletons.map((s) => s.stop()));
  await disconnectDatabase();
  await bouncer?.stop();
});

describe.skipIf(!runs)("singleton jobs behind pgbouncer in transaction mode", () => {
  it("runs every job on exactly one of two nodes and hands them over on a clean stop", async () => {
    const running = new Map<string, Set<string>>(JOBS.map((job) => [job, new Set()]));
    const start = (owner: string) =>
      JOBS.map((job) => {
        const s = startSingleton(
          job,
          () => {
            running.get(job)!.add(owner);
            return { stop: () => Promise.resolve(void running.get(job)!.delete(owner)) };
          },
          { owner, ttlMs: TTL_MS, renewMs: 250, log },
        );
        singletons.push(s);
        return s;
      });
    const a = start("node-a");
    const b = start("node-b");
    const everyJobOnce = () => JOBS.every((job) => running.get(job)!.size === 1);
    await waitFor(() => Promise.resolve(everyJobOnce()), 10_000, 20);
    // Many renewals and acquisition attempts later, over 2 shared server connections: still one each.
    for (let i = 0; i < 15; i++) {
      await new Promise((r) => setTimeout(r, 200));
      expect(JOBS.filter((job) => running.get(job)!.size !== 1)).toEqual([]);
    }
    const rows = await query<{ name: string; owner: string }>(
      directUrl,
      `SELECT name, owner FROM "JobLease" WHERE "expiresAt" > (now() AT TIME ZONE 'UTC') ORDER BY name`,
    );
    expect(rows.map((r) => r.name)).toEqual(JOBS);
    for (const row of rows) expect([...running.get(row.name)!]).toEqual([row.owner]);

    // node-a stops cleanly: node-b holds everything well before a TTL.
    const stoppedAt = Date.now();
    await Promise.all(a.map((s) => s.stop()));
    await waitFor(() => Promise.resolve(b.every((s) => s.held())), 5_000, 20);
    expect(Date.now() - stoppedAt).toBeLessThan(TTL_MS);
    expect(JOBS.every((job) => [...running.get(job)!].join() === "node-b")).toBe(true);
    expect(problems).toEqual([]);
  });
});
