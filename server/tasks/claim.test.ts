// The claim statement on a real (embedded) database: only the lock holder takes work, a sent task
// already at the attempts cap ends as a fault and the next task goes out in the same call, waiting
// tasks are never claimed, overdue ones (waiting included) expire with a plain reason, and every task
// gets a lifetime.
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../tests/support/memory-store";
import { db } from "../db";
import { loadOrCreateKeyFile, sealSecret } from "../secrets-file";
import { capReason } from "./attempts";
import { nodeId } from "../devices/session-locks";
import { claimNextTaskOrRelease } from "./claim";
import { cancelTask, expireOverdueTasks, queueTask } from "./service";

const SESSION = "session-a";
const TTL = 60_000;
const store = useMemoryStoreWithDevice(
  { serialNumber: "CLAIM1", productClass: "HGW" },
  { TASK_MAX_ATTEMPTS: "3", TASK_LIFETIME_HOURS: "24" },
);
let deviceId = 0;
beforeAll(() => {
  deviceId = store.deviceId();
});

beforeEach(async () => {
  await db().task.deleteMany({ where: { deviceId } });
  await db().deviceFault.deleteMany({ where: { deviceId } });
  await lock(SESSION);
});

async function lock(sessionId: string | null): Promise<void> {
  await db().device.update({
    where: { id: deviceId },
    data: { sessionId, sessionExpires: sessionId ? new Date(Date.now() + TTL) : null },
  });
}

const gpv = (name: string) => ({ name: "GetParameterValues", parameterNames: [name] });

describe("claim", () => {
  it("a session that does not hold the device's lock claims nothing and leaves the lock alone", async () => {
    const task = await queueTask(deviceId, gpv("Device.A."));
    await lock("session-b");
    expect(await claimNextTaskOrRelease(deviceId, SESSION, TTL)).toBeNull();
    expect((await db().task.findUniqueOrThrow({ where: { id: task.id } })).state).toBe("queued");
    expect((await db().device.findUniqueOrThrow({ where: { id: deviceId } })).sessionId).toBe("session-b");
    // The holder does get it.
    const claimed = await claimNextTaskOrRelease(deviceId, "session-b", TTL);
    expect(claimed?.taskId).toBe(task.id);
  });

  it("two sessions of one device in one batch: only the lock holder gets the task", async () => {
    const task = await queueTask(deviceId, gpv("Device.A."));
    const [mine, other] = await Promise.all([
      claimNextTaskOrRelease(deviceId, SESSION, TTL),
      claimNextTaskOrRelease(deviceId, "session-b", TTL),
    ]);
    expect(mine?.taskId).toBe(task.id);
    expect(other).toBeNull();
  });

  it("no lock and nothing queued (a routine empty POST): the device row is not written, not even locked", async () => {
    await lock(null);
    const version = () =>
      db().$queryRaw<{ xmin: string; xmax: string }[]>`
        SELECT xmin::text, xmax::text FROM "Device" WHERE id = ${deviceId}`;
    const before = await version();
    expect(await claimNextTaskOrRelease(deviceId, SESSION, TTL)).toBeNull();
    expect(await version()).toEqual(before);
  });

  it("no lock, a task queued during the session: the claim takes the free lock with the task", async () => {
    await lock(null);
    const task = await queueTask(deviceId, gpv("Device.A."));
    expect((await claimNextTaskOrRelease(deviceId, SESSION, TTL))?.taskId).toBe(task.id);
    const device = await db().device.findUniqueOrThrow({ where: { id: deviceId } });
    expect(device).toMatchObject({ sessionId: SESSION, sessionOwner: nodeId() });
    expect(device.sessionExpires?.getTime()).toBeGreaterThan(Date.now());
    // A second session of the device now finds the lock taken: nothing for it.
    await queueTask(deviceId, gpv("Device.B."));
    expect(await claimNextTaskOrRelease(deviceId, "session-b", TTL)).toBeNull();
    // The holder gives the lock back when nothing is left.
    await db().task.updateMany({ where: { deviceId }, data: { state: "done" } });
    expect(await claimNextTaskOrRelease(deviceId, SESSION, TTL)).toBeNull();
    expect((await db().device.findUniqueOrThrow({ where: { id: deviceId } })).sessionId).toBeNull();
  });

  it("an expired lock of another session is taken with the task; two sessions on a free lock: one wins", async () => {
    await db().device.update({
      where: { id: deviceId },
      data: { sessionId: "dead-session", sessionExpires: new Date(Date.now() - 1000) },
    });
    const first = await queueTask(deviceId, gpv("Device.A."));
    expect((await claimNextTaskOrRelease(deviceId, SESSION, TTL))?.taskId).toBe(first.id);
    await lock(null);
    await db().task.update({ where: { id: first.id }, data: { state: "done" } });
    await queueTask(deviceId, gpv("Device.B."));
    const both = await Promise.all([
      claimNextTaskOrRelease(deviceId, SESSION, TTL),
      claimNextTaskOrRelease(deviceId, "session-b", TTL),
    ]);
    expect(both.filter((c) => c !== null)).toHaveLength(1);
  });

  it("a sent task at the attempts cap ends as a fault and the next task is sent in the same call", async () => {
    const stuck = await queueTask(deviceId, gpv("Device.A."));
    const next = await queueTask(deviceId, gpv("Device.B."));
    // Its process died after the third send: nothing recorded the failed attempt.
    await db().task.update({ where: { id: stuck.id }, data: { state: "sent", attempts: 3 } });
    const claimed = await claimNextTaskOrRelease(deviceId, SESSION, TTL);
    expect(claimed?.taskId).toBe(next.id);
    const ended = await db().task.findUniqueOrThrow({ where: { id: stuck.id } });
    expect(ended).toMatchObject({ state: "fault", faultString: "no answer after 3 attempts" });
    expect(ended.completedAt).not.toBeNull();
    const fault = await db().deviceFault.findFirstOrThrow({ where: { deviceId, taskId: stuck.id } });
    expect(fault.message).toBe("GetParameterValues: no answer after 3 attempts");
  });

  it("the cap reason written by the claim is capReason's, with the last error", async () => {
    const stuck = await queueTask(deviceId, gpv("Device.A."));
    await db().task.update({
      where: { id: stuck.id },
      data: { state: "sent", attempts: 4, lastError: "CPE answered with an empty POST" },
    });
    expect(await claimNextTaskOrRelease(deviceId, SESSION, TTL)).toBeNull();
    const ended = await db().task.findUniqueOrThrow({ where: { id: stuck.id } });
    expect(ended.faultString).toBe(capReason("CPE answered with an empty POST", 4));
    expect(ended.faultString).toBe("CPE answered with an empty POST (4 attempts)");
  });

  it("a sent task below the cap is re-sent, counting the attempt", async () => {
    const task = await queueTask(deviceId, gpv("Device.A."));
    await db().task.update({ where: { id: task.id }, data: { state: "sent", attempts: 2 } });
    const claimed = await claimNextTaskOrRelease(deviceId, SESSION, TTL);
    expect(claimed?.taskId).toBe(task.id);
    expect((await db().task.findUniqueOrThrow({ where: { id: task.id } })).attempts).toBe(3);
  });

  it("waiting tasks are never claimed: the next one runs, then the lock is released", async () => {
    const waiting = await queueTask(deviceId, gpv("Device.A."));
    await db().task.update({ where: { id: waiting.id }, data: { state: "waiting", attempts: 1 } });
    const next = await queueTask(deviceId, gpv("Device.B."));
    expect((await claimNextTaskOrRelease(deviceId, SESSION, TTL))?.taskId).toBe(next.id);
    await db().task.update({ where: { id: next.id }, data: { state: "done" } });
    expect(await claimNextTaskOrRelease(deviceId, SESSION, TTL)).toBeNull();
    expect((await db().device.findUniqueOrThrow({ where: { id: deviceId } })).sessionId).toBeNull();
    expect((await db().task.findUniqueOrThrow({ where: { id: waiting.id } })).state).toBe("waiting");
  });

  it("a Download records the software version the device had when it was sent", async () => {
    await db().device.update({ where: { id: deviceId }, data: { softwareVersion: "1.2.3" } });
    const task = await queueTask(deviceId, {
      name: "Download",
      commandKey: "fw",
      fileType: "1 Firmware Upgrade Image",
      url: "http://127.0.0.1:9/fw.bin",
    });
    await claimNextTaskOrRelease(deviceId, SESSION, TTL);
    const sent = await db().task.findUniqueOrThrow({ where: { id: task.id } });
    expect(sent.result).toEqual({ softwareVersionBefore: "1.2.3" });
  });
});

describe("lifetime", () => {
  it("a task queued without an expiry gets TASK_LIFETIME_HOURS", async () => {
    const before = Date.now();
    const task = await queueTask(deviceId, gpv("Device.A."));
    const hours = ((task.expiresAt?.getTime() ?? 0) - before) / 3_600_000;
    expect(hours).toBeGreaterThan(23.99);
    expect(hours).toBeLessThan(24.01);
    const explicit = await queueTask(deviceId, gpv("Device.A."), { expiresAt: new Date(before + 60_000) });
    expect(explicit.expiresAt?.getTime()).toBe(before + 60_000);
  });

  it("the claim expires overdue tasks, waiting ones included, with a plain reason", async () => {
    const created = new Date(Date.now() - 25 * 3_600_000);
    const expiresAt = new Date(created.getTime() + 24 * 3_600_000);
    const queued = await queueTask(deviceId, gpv("Device.A."));
    const waiting = await queueTask(deviceId, gpv("Device.B."));
    await db().task.updateMany({
      where: { id: { in: [queued.id, waiting.id] } },
      data: { createdAt: created, expiresAt },
    });
    await db().task.update({ where: { id: waiting.id }, data: { state: "waiting" } });
    expect(await claimNextTaskOrRelease(deviceId, SESSION, TTL)).toBeNull();
    const [a, b] = await Promise.all(
      [queued.id, waiting.id].map((id) => db().task.findUniqueOrThrow({ where: { id } })),
    );
    expect(a).toMatchObject({ state: "expired", lastError: "not answered within 24 h" });
    expect(b).toMatchObject({ state: "expired", lastError: "transfer not completed within 24 h" });
  });

  it("the periodic sweep expires waiting tasks too", async () => {
    const task = await queueTask(deviceId, gpv("Device.A."));
    const created = new Date(Date.now() - 3 * 3_600_000);
    await db().task.update({
      where: { id: task.id },
      data: { state: "waiting", createdAt: created, expiresAt: new Date(created.getTime() + 90 * 60_000) },
    });
    expect(await expireOverdueTasks()).toBe(1);
    expect(await db().task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      state: "expired",
      lastError: "transfer not completed within 2 h",
    });
  });
});

describe("cancel", () => {
  it("cancels queued, sent and waiting tasks, not finished ones", async () => {
    const tasks = await Promise.all(
      ["queued", "sent", "waiting", "done"].map(() => queueTask(deviceId, gpv("X."))),
    );
    const states = ["queued", "sent", "waiting", "done"] as const;
    for (const [i, t] of tasks.entries())
      await db().task.update({ where: { id: t.id }, data: { state: states[i] } });
    for (const t of tasks.slice(0, 3)) expect((await cancelTask(t.id)).state).toBe("cancelled");
    await expect(cancelTask(tasks[3]!.id)).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("sealed secret values", () => {
  const KEY = "Device.WiFi.AccessPoint.1.Security.KeyPassphrase";
  const spv = (value: string) => ({
    name: "SetParameterValues",
    parameterList: [{ name: KEY, value, type: "string" }],
    parameterKey: "",
  });

  it("are stored sealed and claimed open", async () => {
    const task = await queueTask(deviceId, spv("claim-wifi-key"));
    expect(
      JSON.stringify((await db().task.findUniqueOrThrow({ where: { id: task.id } })).request),
    ).not.toContain("claim-wifi-key");
    const claimed = await claimNextTaskOrRelease(deviceId, SESSION, TTL);
    expect(claimed?.request).toMatchObject({ parameterList: [{ name: KEY, value: "claim-wifi-key" }] });
  });

  it("a value that does not open (another key) ends its task as a fault, never sent; the next task goes out", async () => {
    const otherFile = path.join(tmpdir(), `vantage-other-key-${process.pid}.json`);
    const foreign = sealSecret("other-key-value", loadOrCreateKeyFile(otherFile));
    rmSync(otherFile, { force: true });
    const bad = await db().task.create({
      data: {
        deviceId,
        name: "SetParameterValues",
        request: spv(foreign),
        createdBy: "t",
        expiresAt: new Date(Date.now() + TTL),
      },
    });
    const next = await queueTask(deviceId, gpv("Device.B."));
    const claimed = await claimNextTaskOrRelease(deviceId, SESSION, TTL);
    expect(claimed?.taskId).toBe(next.id);
    const ended = await db().task.findUniqueOrThrow({ where: { id: bad.id } });
    expect(ended.state).toBe("fault");
    expect(ended.faultString).toMatch(/cannot be opened/);
  });
});
