// Singleton jobs on a real (embedded) database, two "nodes" in one process told apart by owner: exactly
// one runs the job; a clean stop hands it over at once; a holder that dies leaves it to the other only
// after the lease ran out; a holder whose lease is taken, or that cannot reach the database, stops its
// job — before the lease's expiry in the database.
import { afterEach, describe, expect, it } from "vitest";
import { waitFor } from "../../tests/support/test-server";
import { useMemoryStoreWithDevice } from "../../tests/support/memory-store";
import { db } from "../db";
import { metrics } from "../observability/metrics";
import { heldJobNames } from "./held-jobs";
import { listJobLeases } from "./job-leases";
import { startSingleton, type Singleton, type SingletonOptions } from "./singleton";

useMemoryStoreWithDevice({ serialNumber: "SINGLETON1" });

const TTL_MS = 1_500;
const fast = (owner: string): SingletonOptions => ({ owner, ttlMs: TTL_MS, renewMs: 250 });

/** A job that records when it ran: started and stopped times (ms since epoch), per node. */
class Recorder {
  readonly runs: { node: string; startedAt: number; stoppedAt?: number }[] = [];
  job(node: string) {
    return () => {
      const run: { node: string; startedAt: number; stoppedAt?: number } = { node, startedAt: Date.now() };
      this.runs.push(run);
      return {
        stop: () => {
          run.stoppedAt = Date.now();
          return Promise.resolve();
        },
      };
    };
  }
  running(): string[] {
    return this.runs.filter((r) => r.stoppedAt === undefined).map((r) => r.node);
  }
}

const started: Singleton[] = [];
function start(name: string, recorder: Recorder, owner: string, options: Partial<SingletonOptions> = {}) {
  const s = startSingleton(name, recorder.job(owner), { ...fast(owner), ...options });
  started.push(s);
  return s;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

const heldSoon = (s: Singleton) => waitFor(() => Promise.resolve(s.held()), 5_000, 10);
const gauge = (job: string) =>
  metrics()
    .registry.getSingleMetricAsString("vantage_singleton_held")
    .then((text) => new RegExp(`job="${job}"} (\\d)`).exec(text)?.[1]);
/** One node holding `name`, then a second one started that must wait (checked after waitMs). */
async function holderAndWaiter(name: string, owners: [string, string], waitMs: number) {
  const jobs = new Recorder();
  const first = start(name, jobs, owners[0]);
  await heldSoon(first);
  const second = start(name, jobs, owners[1]);
  await sleep(waitMs);
  expect(second.held()).toBe(false);
  expect(jobs.runs).toHaveLength(1);
  return { jobs, first, second };
}

const lease = async (name: string) => (await listJobLeases()).find((l) => l.name === name);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("startSingleton", () => {
  it("runs the job on exactly one of two nodes, at once on start", async () => {
    const jobs = new Recorder();
    const a = start("one-of-two", jobs, "node-a");
    const b = start("one-of-two", jobs, "node-b");
    await waitFor(() => Promise.resolve(jobs.running().length > 0), 5_000, 10);
    // Several renewal rounds and retries later, still one, and the same one.
    await sleep(3 * TTL_MS);
    expect(jobs.runs).toHaveLength(1);
    expect(jobs.running()).toEqual([jobs.runs[0]!.node]);
    expect([a.held(), b.held()].filter(Boolean)).toHaveLength(1);
    const row = await lease("one-of-two");
    expect(row).toMatchObject({ owner: jobs.runs[0]!.node, generation: 1, live: true, heldHere: true });
    expect(heldJobNames()).toContain("one-of-two");
    expect(await gauge("one-of-two")).toBe("1");
  });

  it("hands the job over at the other node's next attempt when the holder stops cleanly", async () => {
    const { jobs, first: a, second: b } = await holderAndWaiter("handover", ["node-a", "node-b"], 300);
    const stoppedAt = Date.now();
    await a.stop();
    expect(jobs.runs[0]).toMatchObject({ node: "node-a" });
    expect(jobs.runs[0]!.stoppedAt).toBeDefined();
    await heldSoon(b);
    // Well within the TTL: the release made the lease free at once (the retry comes every 250 ms).
    expect(jobs.runs[1]!.startedAt - stoppedAt).toBeLessThan(TTL_MS);
    expect(jobs.runs[1]!.node).toBe("node-b");
    expect(await lease("handover")).toMatchObject({ owner: "node-b", generation: 2 });
  });

  it("takes over from a dead holder only once its lease ran out", async () => {
    // A holder that died: its lease row, renewed a moment ago, and no process behind it.
    await db().$executeRawUnsafe(
      `INSERT INTO "JobLease" (name, owner, "expiresAt")
       VALUES ('failover', 'dead-node', (now() AT TIME ZONE 'UTC') + interval '1500 milliseconds')`,
    );
    const diedAt = Date.now();
    const jobs = new Recorder();
    const b = start("failover", jobs, "node-b");
    await heldSoon(b);
    const waited = jobs.runs[0]!.startedAt - diedAt;
    expect(waited).toBeGreaterThanOrEqual(TTL_MS - 50);
    expect(waited).toBeLessThan(TTL_MS + 1_000);
    expect(await lease("failover")).toMatchObject({ owner: "node-b", generation: 2 });
  });

  it("stops the job at the next renewal once the lease was taken over", async () => {
    const jobs = new Recorder();
    const a = start("stolen", jobs, "node-a");
    await heldSoon(a);
    await db().$executeRawUnsafe(
      `UPDATE "JobLease" SET owner = 'thief', generation = generation + 1,
              "expiresAt" = (now() AT TIME ZONE 'UTC') + interval '1 hour' WHERE name = 'stolen'`,
    );
    const stolenAt = Date.now();
    await waitFor(() => Promise.resolve(jobs.running().length === 0), 5_000, 10);
    expect(jobs.runs[0]!.stoppedAt! - stolenAt).toBeLessThan(1_000);
    expect(a.held()).toBe(false);
    // And it does not come back while the thief's lease holds.
    await sleep(1_000);
    expect(jobs.runs).toHaveLength(1);
    expect(await lease("stolen")).toMatchObject({ owner: "thief", heldHere: false });
    expect(await gauge("stolen")).toBe("0");
    expect(heldJobNames()).not.toContain("stolen");
  });

  it("stops the job before the lease expires when the database cannot be reached, and resumes after", async () => {
    const jobs = new Recorder();
    const a = start("unreachable", jobs, "node-a");
    await heldSoon(a);
    // Every lease statement now fails, as with the database away.
    await db().$executeRawUnsafe(`ALTER TABLE "JobLease" RENAME TO "JobLeaseAway"`);
    try {
      await waitFor(() => Promise.resolve(jobs.running().length === 0), 5_000, 10);
      expect(a.held()).toBe(false);
      // The database's expiry of the last renewal (same clock here) is later than the job's stop.
      const [row] = await db().$queryRawUnsafe<{ expires: Date }[]>(
        `SELECT "expiresAt" AS expires FROM "JobLeaseAway" WHERE name = 'unreachable'`,
      );
      expect(jobs.runs[0]!.stoppedAt!).toBeLessThan(row!.expires.getTime());
    } finally {
      await db().$executeRawUnsafe(`ALTER TABLE "JobLeaseAway" RENAME TO "JobLease"`);
    }
    // Back: this node's own lease is taken again (a new generation) and the job runs again.
    await waitFor(() => Promise.resolve(jobs.running().length === 1), 5_000, 10);
    expect(jobs.runs).toHaveLength(2);
    expect((await lease("unreachable"))?.generation).toBe(2);
  });

  it("shows a job another node holds as 0 on this node's gauge, not absent", async () => {
    await db().$executeRawUnsafe(
      `INSERT INTO "JobLease" (name, owner, "expiresAt")
       VALUES ('elsewhere', 'other-node', (now() AT TIME ZONE 'UTC') + interval '1 hour')`,
    );
    expect(await gauge("elsewhere")).toBeUndefined();
    const jobs = new Recorder();
    const s = start("elsewhere", jobs, "node-a");
    expect(await gauge("elsewhere")).toBe("0");
    await sleep(600);
    expect(s.held()).toBe(false);
    expect(jobs.runs).toHaveLength(0);
    expect(await gauge("elsewhere")).toBe("0");
  });

  it("releases the lease and tries again later when the job fails to start", async () => {
    let attempts = 0;
    const s = startSingleton(
      "bad-start",
      () => {
        attempts++;
        if (attempts === 1) throw new Error("cannot start");
        return { stop: () => Promise.resolve() };
      },
      { ...fast("node-a"), retryMs: 100 },
    );
    started.push(s);
    await heldSoon(s);
    expect(attempts).toBe(2);
  });

  it("a second holder in the same process with the same owner does not share the lease", async () => {
    const { jobs, first, second } = await holderAndWaiter("same-owner", ["node-a", "node-a"], 700);
    await first.stop();
    await heldSoon(second);
    expect(jobs.running()).toEqual(["node-a"]);
    expect(jobs.runs).toHaveLength(2);
  });
});
