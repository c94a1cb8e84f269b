// A bulk job runs on its creator's authority, re-checked before every step: demoted (lacks the action's
// own permission), disabled or deleted, the job stops as failed with the reason; its unstarted items are
// cancelled and no task is queued for them; tasks already sent still have their outcome recorded. A
// creator who still may, and system jobs, run to the end.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import { asJson } from "../json";
import { SYSTEM_CREATOR } from "./creator";
import { startBulkRunner, type BulkRunner } from "./runner";
import { createBulkJob, getBulkJob, listBulkJobItems } from "./service";

let store: Store;
let bossId = 0;
let ids: number[] = [];
const runners: BulkRunner[] = [];
const boss = () => ({ id: bossId, username: "boss", role: "admin" as const });

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  await db().device.createMany({
    data: Array.from({ length: 12 }, (_, i) => ({
      oui: "00D09E",
      productClass: "STB-4K",
      manufacturer: "Test",
      serialNumber: `CREATOR${String(i).padStart(3, "0")}`,
      kind: "STB" as const,
      rootObject: "Device",
    })),
  });
  ids = (await db().device.findMany({ orderBy: { id: "asc" } })).map((d) => d.id);
});

beforeEach(async () => {
  await db().operator.deleteMany({ where: { username: "boss" } });
  bossId = (await db().operator.create({ data: { username: "boss", passwordHash: "x", role: "admin" } })).id;
});

afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});

afterAll(async () => {
  await store.close();
});

function manualRunner(): BulkRunner {
  const runner = startBulkRunner({ pollMs: 3_600_000, batchSize: 5 });
  runners.push(runner);
  return runner;
}

const batch = (jobId: number) => `bulk-${jobId}`;

async function rebootJob() {
  return createBulkJob(boss(), {
    action: { action: "reboot" },
    selection: { deviceIds: ids },
    throttle: { perSecond: 1000, maxOutstanding: 3 },
  });
}

async function tickUntilFinished(runner: BulkRunner, jobId: number, max = 30) {
  for (let i = 0; i < max; i++) {
    await runner.tick();
    const job = await getBulkJob(jobId);
    if (job.finishedAt) return job;
  }
  throw new Error(`job ${jobId} did not finish`);
}

describe("bulk jobs re-check their creator before every step", () => {
  it("a creator demoted to a role without the action's permission stops the job", async () => {
    const job = await rebootJob();
    const runner = manualRunner();
    await runner.tick();
    const first = await db().task.findMany({ where: { batchId: batch(job.id) }, orderBy: { id: "asc" } });
    expect(first).toHaveLength(3);
    // One task is already with its device: it runs to its end and its outcome is still recorded.
    const sent = first[0];
    if (!sent) throw new Error("no task");
    await db().task.update({ where: { id: sent.id }, data: { state: "sent" } });
    // noc keeps devices.bulk but may not reboot: the permission the job needed at creation.
    await db().operator.update({ where: { id: bossId }, data: { role: "noc" } });
    await runner.tick();

    const stopped = await getBulkJob(job.id);
    const reason = "Stopped: its creator boss (now noc) no longer has devices.reboot";
    expect(stopped).toMatchObject({ state: "failed", stopReason: reason, finishedAt: null });
    // Nothing more was queued; the job's unsent tasks were cancelled.
    expect(await db().task.count({ where: { batchId: batch(job.id) } })).toBe(3);
    expect(await db().task.count({ where: { batchId: batch(job.id), state: "queued" } })).toBe(0);
    const cancelled = await listBulkJobItems(job.id, { states: ["cancelled"] });
    expect(cancelled.items.length).toBeGreaterThan(0);
    expect(new Set(cancelled.items.map((i) => i.message))).toEqual(new Set([reason]));
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "bulk.stop" } });
    expect(audit).toMatchObject({ operatorId: null, target: `bulk job #${job.id}` });
    expect(audit.after).toMatchObject({ state: "failed", reason });

    await db().task.update({ where: { id: sent.id }, data: { state: "done", completedAt: new Date() } });
    // Promoted back, the creator does not revive a stopped job.
    await db().operator.update({ where: { id: bossId }, data: { role: "admin" } });
    const done = await tickUntilFinished(runner, job.id);
    expect(done.state).toBe("failed");
    expect(done.counts).toMatchObject({ pending: 0, waiting: 0, done: 1, failed: 0 });
    expect(done.counts.cancelled).toBe(done.total - 1);
    expect(await db().task.count({ where: { batchId: batch(job.id) } })).toBe(3);
    expect(await db().auditLog.count({ where: { action: "bulk.stop", target: `bulk job #${job.id}` } })).toBe(
      1,
    );
  });

  it("a disabled creator's job stops before its first device", async () => {
    const job = await rebootJob();
    await db().operator.update({ where: { id: bossId }, data: { disabled: true } });
    const done = await tickUntilFinished(manualRunner(), job.id);
    expect(done).toMatchObject({ state: "failed", stopReason: "Stopped: its creator boss is disabled" });
    expect(await db().task.count({ where: { batchId: batch(job.id) } })).toBe(0);
    expect(await db().bulkJobItem.count({ where: { jobId: job.id, state: { not: "cancelled" } } })).toBe(0);
  });

  it("a deleted creator's job stops", async () => {
    const job = await rebootJob();
    const runner = manualRunner();
    await runner.tick();
    await db().auditLog.deleteMany({ where: { operatorId: bossId } });
    await db().operator.delete({ where: { id: bossId } });
    await runner.tick();
    expect(await getBulkJob(job.id)).toMatchObject({
      state: "failed",
      stopReason: "Stopped: its creator boss no longer exists",
    });
    expect(await db().task.count({ where: { batchId: batch(job.id), state: "queued" } })).toBe(0);
  });

  it("a creator who still may, and a system job, run to the end", async () => {
    const job = await createBulkJob(boss(), {
      action: { action: "tag", tag: "kept" },
      selection: { deviceIds: ids },
      // A rate that never holds a tick back: the test counts ticks, not seconds.
      throttle: { perSecond: 1000, maxOutstanding: 100 },
    });
    // Only admin holds both devices.bulk and devices.write today: the creator stays admin throughout.
    const done = await tickUntilFinished(manualRunner(), job.id);
    expect(done).toMatchObject({ state: "done", succeeded: ids.length, stopReason: null });

    const system = await db().bulkJob.create({
      data: {
        action: "tag",
        params: asJson({
          action: { action: "tag", tag: "sys" },
          throttle: { perSecond: 1000, maxOutstanding: 50, taskTtlMinutes: 60 },
        }),
        selection: asJson({ deviceIds: ids.slice(0, 4), afterId: 0, expanded: false }),
        total: 4,
      },
    });
    expect(system.createdBy).toBe(SYSTEM_CREATOR);
    const sysDone = await tickUntilFinished(manualRunner(), system.id);
    expect(sysDone).toMatchObject({ state: "done", succeeded: 4 });
  });
});
