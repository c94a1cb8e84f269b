import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import { queueTask } from "../tasks/service";
import { deviceTimeline, type TimelineFilter } from "./timeline";

let store: Store;
let deviceId = 0;

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  const device = await db().device.create({
    data: { oui: "00D09E", productClass: "STB", serialNumber: "TIMELINE1", manufacturer: "Test" },
  });
  deviceId = device.id;
  const op = await db().operator.create({ data: { username: "tl-op", passwordHash: "x", role: "admin" } });
  await db().informEvent.create({ data: { deviceId, events: ["2 PERIODIC"] } });
  await db().deviceEvent.create({ data: { deviceId, type: "TransferComplete", payload: {} } });
  const task = await queueTask(deviceId, { name: "Reboot", commandKey: "k" });
  await db().task.update({ where: { id: task.id }, data: { state: "fault", completedAt: new Date() } });
  await db().deviceFault.create({ data: { deviceId, taskId: task.id, code: 9002, message: "Reboot: x" } });
  await db().auditLog.create({ data: { operatorId: op.id, deviceId, action: "device.reboot" } });
});
afterAll(() => store.close());

const kinds = async (filters?: TimelineFilter[]) =>
  [...new Set((await deviceTimeline(deviceId, { filters })).items.map((i) => i.kind))].sort();

describe("deviceTimeline filters", () => {
  it("without a filter shows everything", async () => {
    expect(await kinds()).toEqual(["audit", "event", "fault", "inform", "task", "task-end"]);
    expect(await kinds([])).toEqual(["audit", "event", "fault", "inform", "task", "task-end"]);
  });

  it("shows only the chosen kinds", async () => {
    expect(await kinds(["informs"])).toEqual(["event", "inform"]);
    expect(await kinds(["tasks"])).toEqual(["task", "task-end"]);
    expect(await kinds(["operator"])).toEqual(["audit"]);
    expect(await kinds(["faults", "operator"])).toEqual(["audit", "fault"]);
  });
});
