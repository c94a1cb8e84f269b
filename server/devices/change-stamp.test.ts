import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import { queueTask } from "../tasks/service";
import { deviceChangeStamp } from "./change-stamp";

let store: Store;
let deviceId = 0;

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  const device = await db().device.create({
    data: {
      oui: "00D09E",
      productClass: "STB",
      serialNumber: "STAMP1",
      manufacturer: "Test",
      rootObject: "Device",
    },
  });
  deviceId = device.id;
});
afterAll(() => store.close());

describe("deviceChangeStamp", () => {
  it("stays the same while nothing changes", async () => {
    expect(await deviceChangeStamp(deviceId)).toBe(await deviceChangeStamp(deviceId));
  });

  it("changes with an Inform, a task queued, sent and finished, a fault, an operator action", async () => {
    const seen = new Set([await deviceChangeStamp(deviceId)]);
    const expectNew = async () => {
      const stamp = await deviceChangeStamp(deviceId);
      expect(seen.has(stamp)).toBe(false);
      seen.add(stamp);
    };
    const informedAt = new Date();
    await db().device.update({
      where: { id: deviceId },
      data: { lastInform: { upsert: { create: { informedAt }, update: { informedAt } } } },
    });
    await db().informEvent.create({ data: { deviceId, events: ["2 PERIODIC"] } });
    await expectNew();
    const task = await queueTask(deviceId, { name: "GetParameterValues", parameterNames: ["Device."] });
    await expectNew();
    await db().task.update({
      where: { id: task.id },
      data: { state: "sent", sentAt: new Date(), attempts: 1 },
    });
    await expectNew();
    await db().task.update({ where: { id: task.id }, data: { state: "done", completedAt: new Date() } });
    await expectNew();
    await db().deviceFault.create({ data: { deviceId, code: 9002, message: "x" } });
    await expectNew();
    await db().device.update({ where: { id: deviceId }, data: { tags: ["vip"] } });
    await expectNew();
  });

  it("refuses an unknown device", async () => {
    await expect(deviceChangeStamp(999_999)).rejects.toThrow(/not found/);
  });
});
