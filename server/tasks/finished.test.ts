// Queueing and finishing tasks on a real (embedded) database: a bootstrap's tasks go in one INSERT in
// the order given, a missing device is "not found", and task.finished handlers get the answered task
// from the event without reading the row again.
import { describe, expect, it, vi } from "vitest";
import { useMemoryStoreWithDevice } from "../../tests/support/memory-store";
import { db } from "../db";
import { finishedTask } from "./finished";
import { completeTask, insertTasks, queueTasks } from "./service";

const store = useMemoryStoreWithDevice({ serialNumber: "FIN1", productClass: "HGW" });

describe("queueing", () => {
  it("inserts several tasks in one statement, in the order given", async () => {
    // The calls made on the transaction's task delegate (a spy on db().task would not see them).
    const calls: string[] = [];
    const tasks = await db().$transaction((tx) => {
      const task = new Proxy(tx.task, {
        get: (target, key, receiver) => {
          const value = Reflect.get(target, key, receiver) as unknown;
          if (typeof value !== "function") return value;
          return (...args: unknown[]) => {
            calls.push(String(key));
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      const recorded = new Proxy(tx, {
        get: (target, key, receiver) =>
          key === "task" ? task : (Reflect.get(target, key, receiver) as unknown),
      });
      return insertTasks(recorded, store.deviceId(), [
        { name: "Reboot", commandKey: "first" },
        { name: "GetParameterNames", parameterPath: "Device.", nextLevel: false },
        { name: "GetParameterValues", parameterNames: ["Device."] },
      ]);
    });
    expect(tasks.map((t) => t.name)).toEqual(["Reboot", "GetParameterNames", "GetParameterValues"]);
    expect(tasks[0]!.id).toBeLessThan(tasks[1]!.id);
    expect(tasks[1]!.id).toBeLessThan(tasks[2]!.id);
    expect(calls).toEqual(["createManyAndReturn"]);
  });

  it("refuses a device that does not exist as not found, with or without requests", async () => {
    const missing = store.deviceId() + 1000;
    await expect(queueTasks(missing, [{ name: "Reboot", commandKey: "" }])).rejects.toThrow(
      `device ${missing} not found`,
    );
    await expect(db().$transaction((tx) => insertTasks(tx, missing, []))).rejects.toThrow(
      `device ${missing} not found`,
    );
    expect(await db().task.count({ where: { deviceId: missing } })).toBe(0);
  });
});

describe("completing", () => {
  it("ends a sent task as done, adding the answer to its result, and hands back its columns", async () => {
    const [task] = await queueTasks(store.deviceId(), [
      { name: "GetParameterValues", parameterNames: ["Device."] },
    ]);
    const sentAt = new Date("2026-12-01T10:20:30.456Z");
    await db().task.update({
      where: { id: task!.id },
      data: { state: "sent", attempts: 1, sentAt, result: { kept: "before" } },
    });
    const answer = { name: "GetParameterValuesResponse" as const, parameterList: [] };
    const applied: string[] = [];
    const stored = await completeTask(store.deviceId(), task!.id, answer, (_tx, request) => {
      applied.push(request.name);
      return Promise.resolve();
    });
    expect(stored).toEqual({
      stored: true,
      task: { createdBy: "system", name: "GetParameterValues", request: task!.request, sentAt },
    });
    expect(applied).toEqual(["GetParameterValues"]);
    const row = await db().task.findUniqueOrThrow({ where: { id: task!.id } });
    expect(row.state).toBe("done");
    expect(row.result).toEqual({ kept: "before", ...answer });
    expect(Math.abs(row.completedAt!.getTime() - Date.now())).toBeLessThan(60_000);
    // Answered again (a replay): the task is no longer sent, nothing is applied a second time.
    expect(
      await completeTask(store.deviceId(), task!.id, answer, () => {
        applied.push("again");
        return Promise.resolve();
      }),
    ).toEqual({
      stored: false,
    });
    expect(applied).toEqual(["GetParameterValues"]);
  });
});

describe("finishedTask", () => {
  it("takes the task the event carries without a query, and reads the row otherwise", async () => {
    const [task] = await queueTasks(store.deviceId(), [{ name: "Reboot", commandKey: "k" }]);
    const carried = { createdBy: "carried", name: "Reboot", request: {}, sentAt: null };
    const read = vi.spyOn(db().task, "findUnique");
    try {
      const event = { deviceId: store.deviceId(), taskId: task!.id, outcome: "RebootResponse" };
      expect(await finishedTask({ ...event, task: carried })).toBe(carried);
      expect(read).not.toHaveBeenCalled();
      expect(await finishedTask(event)).toMatchObject({ createdBy: "system", name: "Reboot", sentAt: null });
      expect(read).toHaveBeenCalledTimes(1);
    } finally {
      read.mockRestore();
    }
  });
});
