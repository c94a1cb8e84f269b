// The one-statement queueing of a first contact's tasks (insert-statement.ts), on a real (embedded)
// database: the same rows as insertTasks would write, in order, secrets sealed, a missing device refused.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../tests/support/memory-store";
import { AppError } from "../core/app-error";
import { db } from "../db";
import { insertTasksInOneStatement } from "./insert-statement";

const store = useMemoryStoreWithDevice(
  { serialNumber: "INS1", productClass: "STB" },
  { TASK_LIFETIME_HOURS: "24" },
);
let deviceId = 0;
beforeAll(() => {
  deviceId = store.deviceId();
});
beforeEach(async () => {
  await db().task.deleteMany({ where: { deviceId } });
});

const claimableRequest = () => ({ name: "Reboot", commandKey: "ins" });
const PASSWORD = "Device.ManagementServer.ConnectionRequestPassword";

describe("insertTasksInOneStatement", () => {
  it("queues the requests in the order given, with the defaults insertTasks gives", async () => {
    const before = Date.now();
    const requests = [
      {
        name: "SetParameterValues",
        parameterList: [{ name: PASSWORD, value: "s3cret-value", type: "string" }],
        parameterKey: "k",
      },
      { name: "GetParameterNames", parameterPath: "Device.", nextLevel: false },
      { name: "GetParameterValues", parameterNames: ["Device."] },
    ];
    const ids = await insertTasksInOneStatement(deviceId, requests, { createdBy: "provisioning" });
    expect(ids).toHaveLength(3);
    const tasks = await db().task.findMany({ where: { deviceId }, orderBy: { id: "asc" } });
    expect(tasks.map((t) => t.id)).toEqual(ids);
    expect(tasks.map((t) => t.name)).toEqual([
      "SetParameterValues",
      "GetParameterNames",
      "GetParameterValues",
    ]);
    for (const t of tasks) {
      expect(t.state).toBe("queued");
      expect(t.protocol).toBe("cwmp");
      expect(t.attempts).toBe(0);
      expect(t.createdBy).toBe("provisioning");
      expect(t.batchId).toBeNull();
      // Stored as UTC, like Prisma's own writes: within the call's time.
      expect(t.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1);
      expect(t.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1);
      expect(t.expiresAt!.getTime() - t.createdAt.getTime()).toBe(24 * 3_600_000);
    }
    // The secret value is sealed at rest, never stored as given.
    expect(JSON.stringify(tasks[0]!.request)).not.toContain("s3cret-value");
    expect(tasks[2]!.request).toEqual({ name: "GetParameterValues", parameterNames: ["Device."] });
  });

  it("takes an explicit expiry and batch", async () => {
    const expiresAt = new Date(Date.now() + 60_000);
    const [id] = await insertTasksInOneStatement(deviceId, [claimableRequest()], {
      expiresAt,
      batchId: "b-1",
    });
    const task = await db().task.findUniqueOrThrow({ where: { id: id! } });
    expect(task.expiresAt?.getTime()).toBe(expiresAt.getTime());
    expect(task.batchId).toBe("b-1");
    expect(task.createdBy).toBe("system");
  });

  it("refuses a request that is not one and a device that does not exist, writing nothing", async () => {
    await expect(insertTasksInOneStatement(deviceId, [{ name: "NoSuchRpc" }])).rejects.toThrow();
    await expect(insertTasksInOneStatement(999_999, [claimableRequest()])).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === "not_found",
    );
    expect(await db().task.count({ where: { deviceId } })).toBe(0);
    expect(await insertTasksInOneStatement(deviceId, [])).toEqual([]);
  });
});
