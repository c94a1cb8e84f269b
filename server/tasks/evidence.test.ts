// Inform evidence on a real (embedded) database: which sent tasks an Inform's events complete, and
// which they leave alone (other CommandKeys, tasks not sent, work sent after the boot).
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { useMemoryStoreWithDevice } from "../../tests/support/memory-store";
import { db } from "../db";
import { applyInformEvidence, isFirmwareDownload } from "./evidence";
import { queueTask } from "./service";

const store = useMemoryStoreWithDevice({ serialNumber: "EVID1", productClass: "HGW" });
let deviceId = 0;
beforeAll(() => {
  deviceId = store.deviceId();
});

beforeEach(async () => {
  await db().task.deleteMany({ where: { deviceId } });
});

const ev = (eventCode: string, commandKey = "") => ({ eventCode, commandKey });

async function sent(request: object, sentAt = new Date(Date.now() - 60_000)) {
  const task = await queueTask(deviceId, request);
  return db().task.update({ where: { id: task.id }, data: { state: "sent", attempts: 1, sentAt } });
}

describe("applyInformEvidence", () => {
  it("M Reboot completes only the sent Reboot with that CommandKey", async () => {
    const mine = await sent({ name: "Reboot", commandKey: "a" });
    const queued = await queueTask(deviceId, { name: "Reboot", commandKey: "a" });
    const outcome = await applyInformEvidence(deviceId, { events: [ev("M Reboot", "a")] });
    expect(outcome.done).toEqual([mine.id]);
    expect((await db().task.findUniqueOrThrow({ where: { id: queued.id } })).state).toBe("queued");
  });

  it("another CommandKey is no evidence", async () => {
    const task = await sent({ name: "Reboot", commandKey: "a" });
    await applyInformEvidence(deviceId, { events: [ev("M Reboot", "b")] });
    expect((await db().task.findUniqueOrThrow({ where: { id: task.id } })).state).toBe("sent");
  });

  it("M ScheduleInform completes the ScheduleInform; M Upload moves the Upload to waiting", async () => {
    const schedule = await sent({ name: "ScheduleInform", delaySeconds: 60, commandKey: "si" });
    const upload = await sent({
      name: "Upload",
      commandKey: "up",
      fileType: "2 Vendor Log File",
      url: "http://127.0.0.1:9/up",
    });
    const outcome = await applyInformEvidence(deviceId, {
      events: [ev("M ScheduleInform", "si"), ev("M Upload", "up")],
    });
    expect(outcome).toEqual({ done: [schedule.id], waiting: [upload.id], fault: [] });
    expect(await db().task.findUniqueOrThrow({ where: { id: upload.id } })).toMatchObject({
      state: "waiting",
      completedAt: null,
    });
  });

  it("a boot completes a FactoryReset sent before it, not one sent after", async () => {
    const before = await sent({ name: "FactoryReset" });
    const after = await sent({ name: "FactoryReset" }, new Date(Date.now() + 60_000));
    const outcome = await applyInformEvidence(deviceId, { events: [ev("1 BOOT")] });
    expect(outcome.done).toEqual([before.id]);
    expect((await db().task.findUniqueOrThrow({ where: { id: after.id } })).state).toBe("sent");
  });

  it("a boot with no sent or waiting task opens no transaction; a first contact reads nothing", async () => {
    // Boot storms: every box's Inform is a boot, nearly none has work in flight.
    const queued = await queueTask(deviceId, { name: "FactoryReset" });
    const transaction = vi.spyOn(db(), "$transaction");
    const findFirst = vi.spyOn(db().task, "findFirst");
    try {
      expect(await applyInformEvidence(deviceId, { events: [ev("1 BOOT")] })).toEqual({
        done: [],
        waiting: [],
        fault: [],
      });
      expect(transaction).not.toHaveBeenCalled();
      expect(findFirst).toHaveBeenCalledTimes(1);
      await applyInformEvidence(deviceId, { events: [ev("0 BOOTSTRAP"), ev("1 BOOT")] }, new Date(), true);
      expect(findFirst).toHaveBeenCalledTimes(1);
      expect(transaction).not.toHaveBeenCalled();
    } finally {
      transaction.mockRestore();
      findFirst.mockRestore();
    }
    expect((await db().task.findUniqueOrThrow({ where: { id: queued.id } })).state).toBe("queued");
  });

  it("a periodic Inform changes nothing", async () => {
    const task = await sent({ name: "FactoryReset" });
    expect(await applyInformEvidence(deviceId, { events: [ev("2 PERIODIC")] })).toEqual({
      done: [],
      waiting: [],
      fault: [],
    });
    expect((await db().task.findUniqueOrThrow({ where: { id: task.id } })).state).toBe("sent");
  });
});

describe("isFirmwareDownload", () => {
  it("only file type 1 of a Download or ScheduleDownload", () => {
    expect(isFirmwareDownload({ name: "Download", request: { fileType: "1 Firmware Upgrade Image" } })).toBe(
      true,
    );
    expect(
      isFirmwareDownload({ name: "Download", request: { fileType: "3 Vendor Configuration File" } }),
    ).toBe(false);
    expect(isFirmwareDownload({ name: "Upload", request: { fileType: "1 Firmware Upgrade Image" } })).toBe(
      false,
    );
  });
});
