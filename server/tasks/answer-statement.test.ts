// A done answer and its device write in one statement, on a real (embedded) database, with the real
// task effects: no transaction for the common answer, nothing written when the task stopped being
// sent in between, the transaction for effects that need more, and an invalid answer writes nothing.
import { afterEach, describe, expect, it, vi } from "vitest";
import { useMemoryStoreWithDevice } from "../../tests/support/memory-store";
import type { AcsRequest, CpeResponse } from "../cwmp/soap/types";
import { db } from "../db";
import { applyTaskResult } from "../devices/task-effects";
import { completeTask, queueTasks } from "./service";

const store = useMemoryStoreWithDevice({ serialNumber: "ONE1", productClass: "HGW" });

afterEach(() => vi.restoreAllMocks());

async function sentTask(request: AcsRequest): Promise<number> {
  const [task] = await queueTasks(store.deviceId(), [request]);
  await db().task.update({
    where: { id: task!.id },
    data: { state: "sent", attempts: 1, sentAt: new Date() },
  });
  return task!.id;
}

const answer = (taskId: number, result: CpeResponse) =>
  completeTask(store.deviceId(), taskId, result, (tx, request, response) =>
    applyTaskResult(tx, store.deviceId(), request, response),
  );

const device = () => db().device.findUniqueOrThrow({ where: { id: store.deviceId() } });
const entry = async (path: string) => ((await device()).parameters as Record<string, { v?: string }>)[path];

const gpv = (value: string): CpeResponse => ({
  name: "GetParameterValuesResponse",
  parameterList: [
    { name: "Device.DeviceInfo.SoftwareVersion", value, type: "string" },
    { name: "Device.DeviceInfo.X_Note", value: `note ${value}`, type: "string" },
  ],
});

describe("a done answer in one statement", () => {
  it("marks the task done and writes the values and columns without a transaction", async () => {
    const id = await sentTask({ name: "GetParameterValues", parameterNames: ["Device.DeviceInfo."] });
    const transaction = vi.spyOn(db(), "$transaction");
    const stored = await answer(id, gpv("3.1"));
    expect(transaction).not.toHaveBeenCalled();
    expect(stored).toMatchObject({ stored: true, task: { name: "GetParameterValues", createdBy: "system" } });
    expect((await db().task.findUniqueOrThrow({ where: { id } })).state).toBe("done");
    expect(await entry("Device.DeviceInfo.X_Note")).toMatchObject({ v: "note 3.1" });
    expect((await device()).softwareVersion).toBe("3.1");
  });

  it("writes nothing to the device when the task stopped being sent in between; the answer is kept as late", async () => {
    const id = await sentTask({ name: "GetParameterValues", parameterNames: ["Device.DeviceInfo."] });
    // Cancelled by an operator while the answer's effects were worked out.
    const stored = await completeTask(store.deviceId(), id, gpv("4.0"), async (tx, request, response) => {
      await db().task.update({ where: { id }, data: { state: "cancelled" } });
      await applyTaskResult(tx, store.deviceId(), request, response);
    });
    expect(stored).toEqual({ stored: false });
    expect(await entry("Device.DeviceInfo.X_Note")).toMatchObject({ v: "note 3.1" });
    expect((await device()).softwareVersion).toBe("3.1");
    const task = await db().task.findUniqueOrThrow({ where: { id } });
    expect(task.state).toBe("cancelled");
    expect(task.result).toMatchObject({ lateAnswer: { name: "GetParameterValuesResponse" } });
  });

  it("takes the transaction for effects that need more than one device write (AddObject queues its reads)", async () => {
    const id = await sentTask({ name: "AddObject", objectName: "Device.NAT.PortMapping.", parameterKey: "" });
    const transaction = vi.spyOn(db(), "$transaction");
    const stored = await answer(id, { name: "AddObjectResponse", instanceNumber: 7, status: 0 });
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(stored).toMatchObject({ stored: true, task: { name: "AddObject" } });
    expect(await entry("Device.NAT.PortMapping.7.")).toBeDefined();
    const reads = await db().task.findMany({
      where: { deviceId: store.deviceId(), createdBy: "system:addobject" },
    });
    expect(reads.map((t) => t.name).sort()).toEqual(["GetParameterNames", "GetParameterValues"]);
  });

  it("an invalid answer ends the task as a fault and writes nothing", async () => {
    const id = await sentTask({
      name: "SetParameterValues",
      parameterList: [{ name: "Device.DeviceInfo.X_Note", value: "set", type: "string" }],
      parameterKey: "",
    });
    await answer(id, { name: "SetParameterValuesResponse", status: 7 });
    const task = await db().task.findUniqueOrThrow({ where: { id } });
    expect(task.state).toBe("fault");
    expect(task.faultString).toContain("SetParameterValues Status 7");
    expect(await entry("Device.DeviceInfo.X_Note")).toMatchObject({ v: "note 3.1" });
  });

  describe("with the request as the session sent it (no read of the task)", () => {
    const answerSent = (taskId: number, request: AcsRequest, result: CpeResponse) =>
      completeTask(
        store.deviceId(),
        taskId,
        result,
        (tx, req, response) => applyTaskResult(tx, store.deviceId(), req, response),
        request,
      );

    const setNote: AcsRequest = {
      name: "SetParameterValues",
      parameterList: [{ name: "Device.DeviceInfo.X_Note", value: "set", type: "string" }],
      parameterKey: "",
    };

    it("stores the answer in one statement without reading the task", async () => {
      const request: AcsRequest = { name: "GetParameterValues", parameterNames: ["Device.DeviceInfo."] };
      const id = await sentTask(request);
      const transaction = vi.spyOn(db(), "$transaction");
      const stored = await answerSent(id, request, gpv("5.0"));
      expect(transaction).not.toHaveBeenCalled();
      expect(stored).toMatchObject({ stored: true, task: { name: "GetParameterValues" } });
      expect((await db().task.findUniqueOrThrow({ where: { id } })).state).toBe("done");
      expect((await device()).softwareVersion).toBe("5.0");
    });

    it("a task cancelled meanwhile is not marked and its answer writes nothing to the device", async () => {
      const request: AcsRequest = { name: "GetParameterValues", parameterNames: ["Device.DeviceInfo."] };
      const id = await sentTask(request);
      await db().task.update({ where: { id }, data: { state: "cancelled" } });
      expect(await answerSent(id, request, gpv("6.0"))).toEqual({ stored: false });
      expect((await device()).softwareVersion).toBe("5.0");
      expect((await db().task.findUniqueOrThrow({ where: { id } })).state).toBe("cancelled");
    });

    it("an invalid answer to a task cancelled meanwhile leaves it cancelled (the row decides, as without)", async () => {
      const request = setNote;
      const id = await sentTask(request);
      await db().task.update({ where: { id }, data: { state: "cancelled" } });
      expect(await answerSent(id, request, { name: "SetParameterValuesResponse", status: 7 })).toEqual({
        stored: false,
      });
      expect((await db().task.findUniqueOrThrow({ where: { id } })).state).toBe("cancelled");
    });

    it("an invalid answer to a task still sent ends it as a fault", async () => {
      const request = setNote;
      const id = await sentTask(request);
      await answerSent(id, request, { name: "SetParameterValuesResponse", status: 7 });
      const task = await db().task.findUniqueOrThrow({ where: { id } });
      expect(task.state).toBe("fault");
      expect(task.faultString).toContain("SetParameterValues Status 7");
    });
  });
});
