// The "bootstrap incomplete" flag: set when the provisioning full read ends as a fault or expires
// (trigger Task_full_read_failed), cleared when a GetParameterValues of the root completes
// (task-effects.ts), and left alone by reads of anything smaller.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AcsRequest } from "../cwmp/soap/types";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import { recordFailedAttempt } from "../tasks/attempts";
import { completeTask, expireOverdueTasks, insertTasks } from "../tasks/service";
import { applyTaskResult } from "./task-effects";

let store: Store;
let deviceId = 0;
const ROOT_GPN: AcsRequest = { name: "GetParameterNames", parameterPath: "Device.", nextLevel: false };
const ROOT_GPV: AcsRequest = { name: "GetParameterValues", parameterNames: ["Device."] };

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
});
afterAll(() => store.close());

beforeEach(async () => {
  const device = await db().device.create({
    data: {
      oui: "00D09E",
      productClass: "STB",
      serialNumber: `FR${Date.now()}${Math.random()}`.slice(0, 30),
      manufacturer: "Test",
      rootObject: "Device",
    },
  });
  deviceId = device.id;
});

async function queue(request: AcsRequest, createdBy: string, expiresAt?: Date): Promise<number> {
  const [task] = await db().$transaction((tx) =>
    insertTasks(tx, deviceId, [request], { createdBy, expiresAt }),
  );
  return task!.id;
}

async function send(taskId: number): Promise<void> {
  await db().task.update({ where: { id: taskId }, data: { state: "sent", attempts: 1 } });
}

const flags = () =>
  db().device.findUniqueOrThrow({
    where: { id: deviceId },
    select: { fullReadAt: true, fullReadFailedAt: true },
  });

const fault = {
  name: "Fault" as const,
  faultcode: "Server",
  faultstring: "CWMP fault",
  faultCode: 9002,
  faultString: "Internal error",
  setParameterValuesFault: [],
};

const apply = (
  tx: Parameters<Parameters<typeof completeTask>[3]>[0],
  request: AcsRequest,
  result: Parameters<typeof applyTaskResult>[3],
) => applyTaskResult(tx, deviceId, request, result);

describe("full-read flag", () => {
  it("a CPE fault on the provisioning GetParameterValues of the root flags the device", async () => {
    const taskId = await queue(ROOT_GPV, "system:provisioning");
    await send(taskId);
    await completeTask(deviceId, taskId, fault, apply);
    expect((await flags()).fullReadFailedAt).toBeInstanceOf(Date);
  });

  it("the attempts cap on the provisioning GetParameterNames flags the device", async () => {
    const taskId = await queue(ROOT_GPN, "system:provisioning");
    await send(taskId);
    expect(await recordFailedAttempt(deviceId, taskId, "no answer", 1)).toBe("fault");
    expect((await flags()).fullReadFailedAt).toBeInstanceOf(Date);
  });

  it("expiry of the provisioning full read flags the device", async () => {
    await queue(ROOT_GPV, "system:provisioning", new Date(Date.now() - 1000));
    await expireOverdueTasks();
    const task = await db().task.findFirstOrThrow({ where: { deviceId } });
    expect(task.state).toBe("expired");
    expect((await flags()).fullReadFailedAt).toBeInstanceOf(Date);
  });

  it("an operator's read of a subtree, or a fault of another provisioning task, does not flag", async () => {
    const subtree = await queue(
      { name: "GetParameterValues", parameterNames: ["Device.DeviceInfo."] },
      "system:provisioning",
    );
    await send(subtree);
    await completeTask(deviceId, subtree, fault, apply);
    const byOperator = await queue(ROOT_GPV, "alice");
    await send(byOperator);
    await completeTask(deviceId, byOperator, fault, apply);
    expect((await flags()).fullReadFailedAt).toBeNull();
  });

  it("a completed read of the root clears the flag and records the full read; a failed retry keeps it", async () => {
    const failed = await queue(ROOT_GPV, "system:provisioning");
    await send(failed);
    await completeTask(deviceId, failed, fault, apply);
    const firstFailure = (await flags()).fullReadFailedAt!;

    // An operator's retry that fails again: still flagged, with the newer time.
    const retry = await queue(ROOT_GPV, "alice");
    await send(retry);
    await completeTask(deviceId, retry, fault, apply);
    const again = await flags();
    expect(again.fullReadFailedAt!.getTime()).toBeGreaterThanOrEqual(firstFailure.getTime());
    expect(again.fullReadAt).toBeNull();

    const ok = await queue(ROOT_GPV, "alice");
    await send(ok);
    await completeTask(
      deviceId,
      ok,
      {
        name: "GetParameterValuesResponse",
        parameterList: [{ name: "Device.DeviceInfo.UpTime", value: "42", type: "unsignedInt" }],
      },
      apply,
    );
    const after = await flags();
    expect(after.fullReadFailedAt).toBeNull();
    expect(after.fullReadAt).toBeInstanceOf(Date);
  });
});
