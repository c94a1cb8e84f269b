// Bulk retry of a fault group on the embedded database: exactly the latest failed task per device is
// queued again, identity tasks and paths the role may not write are refused, one audit row per batch.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import type { Role } from "../generated/prisma/enums";
import { ACS_CREDENTIALS_CREATOR } from "../identity/credentials";
import type { FaultGroupKey } from "../../lib/faults/group-key";
import { planRetry, retryGroup } from "./retry";
import { resetFleet } from "./test-fleet";

let store: Store;
const NOW = new Date("2026-11-30T12:00:00Z");
const MODEL = { manufacturer: "Acme", productClass: "STB-1", modelName: "Box One", softwareVersion: "1.0" };
const KEY: FaultGroupKey = { days: 7, code: 9002, task: "SetParameterValues", ...MODEL };
const actor = (role: Role) => ({ id: 0, username: `${role}-op`, role });

const spv = (path: string, value: string) => ({
  name: "SetParameterValues",
  parameterList: [{ name: path, value, type: "string" }],
  parameterKey: "",
});

async function failed(deviceId: number, request: object, hoursAgo: number, extra: object = {}) {
  const at = new Date(NOW.getTime() - hoursAgo * 3_600_000);
  const task = await db().task.create({
    data: {
      deviceId,
      name: (request as { name: string }).name,
      request,
      state: "fault",
      faultCode: 9002,
      faultString: "Internal error",
      completedAt: at,
      ...extra,
    },
  });
  await db().deviceFault.create({ data: { deviceId, taskId: task.id, code: 9002, message: "x", at } });
  return task.id;
}

let ids: Record<string, number> = {};

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  const op = await db().operator.create({
    data: { username: "helpdesk-op", passwordHash: "x", role: "helpdesk" },
  });
  actorId = op.id;
});
afterAll(async () => {
  await store.close();
});
let actorId = 0;

beforeEach(async () => {
  await resetFleet();
  const dev = async (serial: string, model = MODEL) =>
    (await db().device.create({ data: { oui: "00AA00", serialNumber: serial, ...model } })).id;
  const [ssid, ms, identity, other, oldOnly] = [
    await dev("A"),
    await dev("B"),
    await dev("C"),
    await dev("D", { ...MODEL, softwareVersion: "2.0" }),
    await dev("E"),
  ];
  ids = {
    ssidOld: await failed(ssid, spv("Device.WiFi.SSID.1.SSID", "old"), 30),
    ssidLatest: await failed(ssid, spv("Device.WiFi.SSID.1.SSID", "new"), 2),
    ms: await failed(ms, spv("Device.ManagementServer.URL", "http://acs.example/"), 3),
    identity: await failed(identity, spv("Device.ManagementServer.Username", "u"), 4, {
      createdBy: ACS_CREDENTIALS_CREATOR,
    }),
    otherVersion: await failed(other, spv("Device.WiFi.SSID.1.SSID", "v2"), 1),
    outOfWindow: await failed(oldOnly, spv("Device.WiFi.SSID.1.SSID", "old"), 8 * 24),
    ssidDevice: ssid,
  };
});

describe("fault group retry", () => {
  it("plans the latest failed task per device of the group only, with the single-retry rule per role", async () => {
    const helpdesk = await planRetry(actor("helpdesk"), KEY, NOW);
    expect(helpdesk.total).toBe(3);
    expect(helpdesk.retry.map((c) => c.taskId)).toEqual([ids.ssidLatest]);
    expect(helpdesk.skipped.map((s) => s.taskId).sort()).toEqual([ids.ms, ids.identity].sort());
    expect(helpdesk.skipped.find((s) => s.taskId === ids.identity)?.reason).toMatch(/ACS credentials/);
    expect(helpdesk.skipped.find((s) => s.taskId === ids.ms)?.reason).toMatch(
      /management_server|ManagementServer/,
    );

    const admin = await planRetry(actor("admin"), KEY, NOW);
    expect(admin.retry.map((c) => c.taskId).sort()).toEqual([ids.ssidLatest, ids.ms].sort());
    expect(admin.skipped.map((s) => s.taskId)).toEqual([ids.identity]);
  });

  it("queues exactly the planned tasks with one audit row, and a second run finds them queued", async () => {
    const tasksBefore = await db().task.count();
    const result = await retryGroup({ ...actor("helpdesk"), id: actorId }, KEY, NOW);
    expect(result.retried).toHaveLength(1);
    expect(result.retried[0]).toMatchObject({ deviceId: ids.ssidDevice, fromTaskId: ids.ssidLatest });
    expect(await db().task.count()).toBe(tasksBefore + 1);
    const queued = await db().task.findUniqueOrThrow({ where: { id: result.retried[0]!.taskId } });
    expect(queued).toMatchObject({
      state: "queued",
      name: "SetParameterValues",
      createdBy: "helpdesk-op",
      batchId: result.batchId,
    });
    expect(queued.request).toMatchObject({
      parameterList: [{ name: "Device.WiFi.SSID.1.SSID", value: "new" }],
    });

    const audit = await db().auditLog.findMany();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "task.bulk_retry", operatorId: actorId, deviceId: null });
    expect(audit[0]!.after).toMatchObject({ batchId: result.batchId, retried: result.retried });

    const again = await planRetry(actor("helpdesk"), KEY, NOW);
    expect(again.retry).toEqual([]);
    expect(again.skipped.find((s) => s.taskId === ids.ssidLatest)?.reason).toMatch(/already queued/);
    await expect(retryGroup({ ...actor("helpdesk"), id: actorId }, KEY, NOW)).rejects.toThrow(
      /no failed task/,
    );
    expect(await db().task.count()).toBe(tasksBefore + 1);
    expect(await db().auditLog.count()).toBe(1);
  });
});
