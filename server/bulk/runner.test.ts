// The bulk service and runner on a real (embedded) database, with the CPE's answers written straight
// into Task rows: expansion, throttling, outcomes, restart survival, cancel.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import type { AcsRequest } from "../cwmp/soap/types";
import { db } from "../db";
import { openRequestSecrets } from "../tasks/sealed-values";
import { overrideSettings } from "../env";
import { startBulkRunner, type BulkRunner } from "./runner";
import { cancelBulkJob, createBulkJob, getBulkJob, listBulkJobItems } from "./service";

let store: Store;
let operatorId = 0;
const runners: BulkRunner[] = [];
// An admin: bulk jobs need the action's own permission too (noc may no longer reboot or set in bulk).
const op = () => ({ id: operatorId, username: "admin1", role: "admin" as const });

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  operatorId = (
    await db().operator.create({ data: { username: "admin1", passwordHash: "x", role: "admin" } })
  ).id;
  await db().device.createMany({
    data: Array.from({ length: 30 }, (_, i) => ({
      oui: "00D09E",
      productClass: i % 2 ? "STB-4K" : "HGW",
      manufacturer: "Test",
      serialNumber: `BULK${String(i).padStart(3, "0")}`,
      kind: i % 2 ? ("STB" as const) : ("GATEWAY" as const),
      rootObject: "Device",
    })),
  });
});

afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});

afterAll(async () => {
  await store.close();
});

/** A runner that only moves when the test ticks it. */
function manualRunner(): BulkRunner {
  const runner = startBulkRunner({ pollMs: 3_600_000, batchSize: 7 });
  runners.push(runner);
  return runner;
}

async function deviceIds(prefix = "BULK"): Promise<number[]> {
  const rows = await db().device.findMany({
    where: { serialNumber: { startsWith: prefix } },
    orderBy: { id: "asc" },
  });
  return rows.map((d) => d.id);
}

/** Play the CPE: answer every queued/sent task of a batch, faulting the given devices. */
async function answer(batchId: string, faulty: Set<number> = new Set()): Promise<number> {
  const tasks = await db().task.findMany({ where: { batchId, state: { in: ["queued", "sent"] } } });
  for (const t of tasks) {
    await db().task.update({
      where: { id: t.id },
      data: faulty.has(t.deviceId)
        ? { state: "fault", faultCode: 9007, faultString: "Invalid parameter value", completedAt: new Date() }
        : { state: "done", completedAt: new Date() },
    });
  }
  return tasks.length;
}

async function tickUntil(runner: BulkRunner, jobId: number, step?: () => Promise<unknown>, max = 50) {
  for (let i = 0; i < max; i++) {
    await runner.tick();
    const job = await getBulkJob(jobId);
    if (job.finishedAt) return job;
    await step?.();
    await new Promise((r) => setTimeout(r, 60));
  }
  throw new Error(`job ${jobId} did not finish`);
}

describe("bulk jobs", () => {
  it("refuses a set value the data model rejects, and read-only parameters, before any job exists", async () => {
    const selection = { deviceIds: await deviceIds() };
    await expect(
      createBulkJob(op(), {
        action: { action: "set", path: "Device.ManagementServer.PeriodicInformInterval", value: "abc" },
        selection,
      }),
    ).rejects.toThrow(/not an unsignedInt \(9006\)/);
    await expect(
      createBulkJob(op(), {
        action: { action: "set", path: "Device.DeviceInfo.SerialNumber", value: "x" },
        selection,
      }),
    ).rejects.toThrow(/read-only/);
    expect(await db().bulkJob.count()).toBe(0);
  });

  it("tags a search result in batches and audits the job in the same transaction", async () => {
    const job = await createBulkJob(op(), {
      action: { action: "tag", tag: "pilot" },
      selection: { filter: { kind: "STB" } },
    });
    const audit = await db().auditLog.findFirst({ where: { action: "bulk.create" } });
    expect(audit?.target).toContain(`#${job.id}`);
    const done = await tickUntil(manualRunner(), job.id);
    expect(done).toMatchObject({ state: "done", total: 15, succeeded: 15, failed: 0 });
    const tagged = await db().device.findMany({ where: { tags: { has: "pilot" } } });
    expect(tagged.map((d) => d.kind)).toEqual(Array(15).fill("STB"));
    expect(await db().task.count({ where: { batchId: `bulk-${job.id}` } })).toBe(0);
  });

  it("untags explicit devices", async () => {
    const ids = (await db().device.findMany({ where: { tags: { has: "pilot" } } }))
      .map((d) => d.id)
      .slice(0, 5);
    const job = await createBulkJob(op(), {
      action: { action: "untag", tag: "pilot" },
      selection: { deviceIds: ids },
    });
    await tickUntil(manualRunner(), job.id);
    expect(await db().device.count({ where: { tags: { has: "pilot" } } })).toBe(10);
  });

  it("queues tasks within the rate and the outstanding cap; outcomes per device", async () => {
    const ids = await deviceIds();
    const job = await createBulkJob(op(), {
      action: { action: "set", path: "Device.ManagementServer.PeriodicInformInterval", value: "600" },
      selection: { deviceIds: [...ids, 999_999] },
      throttle: { perSecond: 1000, maxOutstanding: 4 },
    });
    const runner = manualRunner();
    const faulty = new Set(ids.slice(0, 3));
    let maxOutstanding = 0;
    const done = await tickUntil(runner, job.id, async () => {
      const open = await db().task.count({
        where: { batchId: `bulk-${job.id}`, state: { in: ["queued", "sent"] } },
      });
      maxOutstanding = Math.max(maxOutstanding, open);
      await answer(`bulk-${job.id}`, faulty);
    });
    expect(maxOutstanding).toBeGreaterThan(0);
    expect(maxOutstanding).toBeLessThanOrEqual(4);
    expect(done).toMatchObject({ state: "done", total: 31, succeeded: 27, failed: 4 });
    const failed = await listBulkJobItems(job.id, { states: ["failed"] });
    expect(failed.items.map((i) => i.message).sort()).toEqual([
      "SetParameterValues: 9007 Invalid parameter value",
      "SetParameterValues: 9007 Invalid parameter value",
      "SetParameterValues: 9007 Invalid parameter value",
      "device no longer exists",
    ]);
    const task = await db().task.findFirst({ where: { batchId: `bulk-${job.id}` } });
    expect(task).toMatchObject({ name: "SetParameterValues", createdBy: "admin1" });
    expect(task?.request).toMatchObject({
      parameterList: [
        { name: "Device.ManagementServer.PeriodicInformInterval", value: "600", type: "unsignedInt" },
      ],
    });
  });

  it("keeps a secret value sealed in the job row and in its tasks, and sends it opened", async () => {
    const ids = (await deviceIds()).slice(0, 2);
    const key = "Device.WiFi.AccessPoint.1.Security.KeyPassphrase";
    const job = await createBulkJob(op(), {
      action: { action: "set", path: key, value: "bulk-wifi-secret" },
      selection: { deviceIds: ids },
    });
    await tickUntil(manualRunner(), job.id, () => answer(`bulk-${job.id}`));
    const raw = await db().$queryRaw<{ params: string; requests: string }[]>`
      SELECT (SELECT params::text FROM "BulkJob" WHERE id = ${job.id}) AS params,
             (SELECT string_agg(request::text, ' ') FROM "Task" WHERE "batchId" = ${`bulk-${job.id}`}) AS requests`;
    expect(raw[0]?.params).not.toContain("bulk-wifi-secret");
    expect(raw[0]?.params).toContain("v1:");
    expect(raw[0]?.requests).not.toContain("bulk-wifi-secret");
    const tasks = await db().task.findMany({ where: { batchId: `bulk-${job.id}` } });
    expect(tasks).toHaveLength(2);
    const sent = openRequestSecrets(tasks[0]!.request as unknown as AcsRequest);
    expect(sent).toMatchObject({ parameterList: [{ name: key, value: "bulk-wifi-secret" }] });
  });

  it("starts no more devices per second than the rate allows", async () => {
    const job = await createBulkJob(op(), {
      action: { action: "reboot" },
      selection: { deviceIds: await deviceIds() },
      throttle: { perSecond: 5, maxOutstanding: 100 },
    });
    const runner = manualRunner();
    const started = Date.now();
    for (let i = 0; i < 10; i++) {
      await runner.tick();
      await new Promise((r) => setTimeout(r, 100));
    }
    const elapsed = (Date.now() - started) / 1000;
    const queued = await db().task.count({ where: { batchId: `bulk-${job.id}` } });
    // One second's credit at most to start with, then 5 per second.
    expect(queued).toBeLessThanOrEqual(Math.ceil(5 * (elapsed + 1)));
    expect(queued).toBeGreaterThan(0);
    await cancelBulkJob(op(), job.id);
  });

  it("survives a restart: a new runner finishes the job with no duplicate items or tasks", async () => {
    const ids = await deviceIds();
    const job = await createBulkJob(op(), {
      action: { action: "refresh" },
      selection: { filter: { q: "BULK" } },
      throttle: { perSecond: 1000, maxOutstanding: 6 },
    });
    const first = manualRunner();
    await first.tick();
    await first.tick();
    await first.stop();
    const mid = await getBulkJob(job.id);
    expect(mid.state).toBe("running");
    expect(mid.counts.waiting).toBeGreaterThan(0);
    await answer(`bulk-${job.id}`);
    const done = await tickUntil(manualRunner(), job.id, () => answer(`bulk-${job.id}`));
    expect(done).toMatchObject({ state: "done", total: ids.length, succeeded: ids.length, failed: 0 });
    expect(await db().bulkJobItem.count({ where: { jobId: job.id } })).toBe(ids.length);
    const tasks = await db().task.groupBy({
      by: ["deviceId"],
      where: { batchId: `bulk-${job.id}` },
      _count: { _all: true },
    });
    expect(tasks).toHaveLength(ids.length);
    expect(tasks.every((t) => t._count._all === 2)).toBe(true);
  });

  it("two runners never step the same job at once", async () => {
    const job = await createBulkJob(op(), {
      action: { action: "reboot" },
      selection: { deviceIds: await deviceIds() },
      throttle: { perSecond: 1000, maxOutstanding: 1000 },
    });
    const [a, b] = [manualRunner(), manualRunner()];
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick(), a.tick(), b.tick()]);
    const tasks = await db().task.groupBy({
      by: ["deviceId"],
      where: { batchId: `bulk-${job.id}` },
      _count: { _all: true },
    });
    expect(tasks.every((t) => t._count._all === 1)).toBe(true);
    await answer(`bulk-${job.id}`);
    const done = await tickUntil(a, job.id);
    expect(done).toMatchObject({ state: "done", succeeded: 30 });
  });

  it("cancel: pending items cancelled, queued tasks cancelled, answered ones still recorded, audited", async () => {
    const job = await createBulkJob(op(), {
      action: { action: "reboot" },
      selection: { deviceIds: await deviceIds() },
      throttle: { perSecond: 1000, maxOutstanding: 5 },
    });
    const runner = manualRunner();
    await runner.tick();
    await runner.tick();
    // One task already sent to its device: it runs to its end.
    const sent = await db().task.findFirstOrThrow({
      where: { batchId: `bulk-${job.id}` },
      orderBy: { id: "asc" },
    });
    await db().task.update({ where: { id: sent.id }, data: { state: "sent" } });
    await cancelBulkJob(op(), job.id);
    await expect(cancelBulkJob(op(), job.id)).rejects.toMatchObject({ code: "conflict" });
    expect(await db().task.count({ where: { batchId: `bulk-${job.id}`, state: "queued" } })).toBe(0);
    expect(
      await db().auditLog.count({ where: { action: "bulk.cancel", target: `bulk job #${job.id}` } }),
    ).toBe(1);
    await runner.tick();
    expect((await getBulkJob(job.id)).finishedAt).toBeNull(); // the sent task is still out
    await db().task.update({ where: { id: sent.id }, data: { state: "done" } });
    const done = await tickUntil(runner, job.id);
    expect(done.state).toBe("cancelled");
    // Batches of 7: two steps reached 14 devices; the rest of the selection is never started.
    expect(done.counts).toMatchObject({ pending: 0, waiting: 0, done: 1, failed: 0, cancelled: 13 });
    expect(done).toMatchObject({ total: 14, succeeded: 1, failed: 0 });
  });
});
