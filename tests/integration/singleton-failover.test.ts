// Two Vantage processes on one PostgreSQL: every singleton background job runs on exactly one of them.
// The holder is killed (SIGKILL, no release): within the lease TTL and a margin the other node holds
// every lease and really runs the jobs (a webhook for an event written after the kill is delivered).
// A node restarted in the meantime gets nothing while the survivor holds the leases; the survivor's
// clean stop (SIGTERM) hands them over at once. Needs real PostgreSQL (the embedded store serves one
// process): skipped without TEST_DATABASE_URL (scripts/with-postgres.sh provides one in CI).
import type { ChildProcess } from "node:child_process";
import http from "node:http";
import { rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { connectDatabase, db, disconnectDatabase } from "../../server/db";
import { createWebhook } from "../../server/nbi/webhooks/subscriptions";
import { ScriptedCpe, makeInform } from "../support/scripted-cpe";
import { query, startNodeProcess, type NodeProcess } from "../support/server-process";
import { freshDatabaseUrl, waitFor } from "../support/test-server";

/** Every cluster-wide loop server/start.ts runs through startSingleton (OMA DM is off by default). */
const JOBS = [
  "alarms",
  "audience-store",
  "bulk-runner",
  "idempotency-sweep",
  "incidents",
  "inform-partitions",
  "monitoring-store",
  "retention",
  "task-expiry",
  "wave-engine",
  "webhooks",
].sort();
const TTL_S = 4;

const children: ChildProcess[] = [];
const dirs: string[] = [];
const receiver = http.createServer();

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  receiver.close();
  await disconnectDatabase();
});

type Node = NodeProcess;

const startNode = (id: string, databaseUrl: string): Promise<Node> =>
  startNodeProcess(
    id,
    databaseUrl,
    { CONNECTION_REQUEST_ALLOWED_NETWORKS: "127.0.0.0/8,::1/128", JOB_LEASE_TTL: String(TTL_S) },
    children,
    dirs,
  );

async function health(node: Node): Promise<{ status: string; node: string; jobs: string[] }> {
  const reply = await fetch(`${node.web}/api/health`, { signal: AbortSignal.timeout(5_000) });
  expect(reply.status).toBe(200);
  return (await reply.json()) as { status: string; node: string; jobs: string[] };
}

const holdsAll = async (node: Node) => ((await health(node)).jobs.join() === JOBS.join() ? true : null);

/** For `ms`, every 200 ms: no job is held by both nodes. Returns how many samples were taken. */
async function neverBoth(x: Node, y: Node, ms: number): Promise<number> {
  let samples = 0;
  for (const end = Date.now() + ms; Date.now() < end; samples++) {
    const [hx, hy] = await Promise.all([health(x), health(y)]);
    expect(hx.jobs.filter((job) => hy.jobs.includes(job))).toEqual([]);
    await new Promise((r) => setTimeout(r, 200));
  }
  return samples;
}

const leases = (url: string) =>
  query<{ name: string; owner: string; generation: number; live: boolean }>(
    url,
    `SELECT name, owner, generation, "expiresAt" > (now() AT TIME ZONE 'UTC') AS live FROM "JobLease"
      WHERE name NOT LIKE 'node:%' ORDER BY name`,
  );

describe.skipIf(!process.env.TEST_DATABASE_URL)("singleton jobs on two nodes", () => {
  it("runs each on exactly one node and fails over to the other when it is killed", async () => {
    const databaseUrl = (await freshDatabaseUrl())!;
    const a = await startNode("node-a", databaseUrl);
    await waitFor(() => holdsAll(a), 15_000);
    const b = await startNode("node-b", databaseUrl);
    // Several renewal rounds with both nodes up: never a job on both; every lease stays with node-a.
    expect(await neverBoth(a, b, TTL_S * 1000)).toBeGreaterThan(5);
    await waitFor(() => holdsAll(a), 10_000);
    expect(await health(b)).toEqual({ status: "ok", node: "node-b", jobs: [] });
    const before = await leases(databaseUrl);
    expect(before.map((l) => l.name)).toEqual(JOBS);
    // (A stalled event loop, e.g. while the console starts, may make a node drop and take back its own
    // lease: a new generation, same owner.)
    for (const lease of before) expect(lease).toMatchObject({ owner: "node-a", live: true });
    const generation = (rows: { name: string; generation: number }[], name: string) =>
      rows.find((l) => l.name === name)?.generation ?? 0;

    // A webhook receiver, subscribed to device registrations (through the shared database).
    const deliveries: string[] = [];
    receiver.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        deliveries.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    connectDatabase(databaseUrl, 2);
    const admin = await db().operator.findFirstOrThrow({ where: { role: "admin" } });
    await createWebhook(admin, {
      name: "failover",
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      events: ["device.registered"],
    });

    // The holder dies without releasing anything.
    a.child.kill("SIGKILL");
    const killedAt = Date.now();
    await new Promise((resolve) => a.child.once("exit", resolve));
    await waitFor(() => holdsAll(b), (TTL_S + 5) * 1000, 50);
    const failoverMs = Date.now() - killedAt;
    // The lease runs out (TTL) and node-b's next attempt (every TTL/3) takes it.
    expect(failoverMs).toBeLessThan((TTL_S + TTL_S / 3 + 1.5) * 1000);
    const after = await leases(databaseUrl);
    for (const lease of after) {
      expect(lease).toMatchObject({ owner: "node-b", live: true });
      expect(lease.generation).toBeGreaterThan(generation(before, lease.name));
    }

    // An event written after the kill (a new device's first Inform on node-b) is delivered: the
    // webhooks job runs on node-b now.
    const cpe = new ScriptedCpe(b.cwmp);
    expect((await cpe.inform(makeInform("FAILOVER1", ["0 BOOTSTRAP"]))).status).toBe(200);
    cpe.close();
    await waitFor(() => Promise.resolve(deliveries.some((d) => d.includes("FAILOVER1"))), 15_000);

    // node-a back: it gets nothing while node-b holds the leases ...
    const again = await startNode("node-a", databaseUrl);
    await neverBoth(again, b, TTL_S * 1000);
    await waitFor(() => holdsAll(b), 10_000);
    expect((await health(again)).jobs).toEqual([]);
    // ... and node-b's clean stop hands every job over at node-a's next attempt, not after a TTL.
    b.child.kill("SIGTERM");
    const stoppedAt = Date.now();
    await waitFor(() => holdsAll(again), (TTL_S + 5) * 1000, 50);
    const handoverMs = Date.now() - stoppedAt;
    expect(handoverMs).toBeLessThan(TTL_S * 1000);
    console.log(
      `singleton failover after SIGKILL: ${failoverMs} ms; hand-over on SIGTERM: ${handoverMs} ms (TTL ${TTL_S} s)`,
    );
    for (const lease of await leases(databaseUrl)) {
      expect(lease).toMatchObject({ owner: "node-a", live: true });
      expect(lease.generation).toBeGreaterThan(generation(after, lease.name));
    }
  }, 180_000);
});
