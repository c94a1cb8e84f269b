// A whole-tree read (GetParameterNames of the root, then GetParameterValues of it) stored in one
// statement: the names answer is held until the values answer, both land in one merge, and nothing is
// lost or reordered when anything else happens in between (a fault, the session's end, a crash). On
// PGlite, and on PostgreSQL in CI's second pass (the statement locks and gates both tasks).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AcsRequest, CpeResponse, CwmpFault } from "../../server/cwmp/soap/types";
import { openStore, type Store } from "../../server/database/connect";
import { db } from "../../server/db";
import { overrideSettings, settings } from "../../server/env";
import { onTaskFinished } from "../../server/events/session-events";
import { completeTask, insertTasks } from "../../server/tasks/service";
import { createCwmpBackend } from "../../server/devices/cwmp-backend";
import type { ParameterDocument } from "../../server/devices/parameter-document";
import { applyTaskResult } from "../../server/devices/task-effects";
import { freshDatabaseUrl } from "../support/test-server";

let store: Store;
let deviceId = 0;
const SESSION = "session-1";
const TTL = 60_000;
const NAMES: AcsRequest = { name: "GetParameterNames", parameterPath: "Device.", nextLevel: false };
const VALUES: AcsRequest = { name: "GetParameterValues", parameterNames: ["Device."] };

const namesAnswer: CpeResponse = {
  name: "GetParameterNamesResponse",
  parameterList: [
    { name: "Device.DeviceInfo.", writable: false },
    { name: "Device.DeviceInfo.SoftwareVersion", writable: false },
    { name: "Device.DeviceInfo.UpTime", writable: false },
    { name: "Device.ManagementServer.PeriodicInformInterval", writable: true },
    { name: "Device.Hosts.Host.1.", writable: false },
  ],
};
const valuesAnswer: CpeResponse = {
  name: "GetParameterValuesResponse",
  parameterList: [
    { name: "Device.DeviceInfo.SoftwareVersion", value: "2.0.1", type: "string" },
    { name: "Device.DeviceInfo.UpTime", value: "0042", type: "unsignedInt" },
    { name: "Device.ManagementServer.PeriodicInformInterval", value: "300", type: "unsignedInt" },
  ],
};
const fault: CwmpFault = {
  name: "Fault",
  faultcode: "Server",
  faultstring: "CWMP fault",
  faultCode: 9002,
  faultString: "Internal error",
  setParameterValuesFault: [],
};

const finished: { taskId: number; outcome: string; created?: string }[] = [];
let off: () => void;

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ databaseUrl: await freshDatabaseUrl(), dataDir: "memory:" });
  off = onTaskFinished("whole-tree-read.test", (e) => {
    finished.push({ taskId: e.taskId, outcome: e.outcome, created: e.task?.createdBy });
    return Promise.resolve();
  });
});
afterAll(async () => {
  off();
  await store.close();
});

beforeEach(async () => {
  finished.length = 0;
  deviceId = await newDevice(`WTR${Date.now()}${Math.random()}`.slice(0, 30));
});

async function newDevice(serial: string): Promise<number> {
  const device = await db().device.create({
    data: {
      oui: "00D09E",
      productClass: "STB",
      serialNumber: serial,
      manufacturer: "Test",
      rootObject: "Device",
      sessionId: SESSION,
      sessionExpires: new Date(Date.now() + TTL),
      // An entry the device no longer has (the names read drops it) and one outside the tree.
      parameters: {
        "Device.Gone.Parameter": { v: "x", t: "string", ts: 1 },
        "Device.DeviceInfo.UpTime": { v: "1", t: "unsignedInt", n: 2, ts: 1 },
      },
    },
  });
  return device.id;
}

async function queue(id: number, requests: AcsRequest[]): Promise<number[]> {
  const tasks = await db().$transaction((tx) =>
    insertTasks(tx, id, requests, { createdBy: "system:provisioning" }),
  );
  return tasks.map((t) => t.id);
}

const task = (id: number) => db().task.findUniqueOrThrow({ where: { id } });
const documentOf = async (id: number): Promise<ParameterDocument> =>
  (await db().device.findUniqueOrThrow({ where: { id } })).parameters as unknown as ParameterDocument;
const withoutTimes = (doc: ParameterDocument) =>
  Object.fromEntries(Object.entries(doc).map(([k, { ts: _ts, ...rest }]) => [k, rest]));

describe("whole-tree read in one write", () => {
  it("holds the names answer and stores it with the values answer, as one by one would", async () => {
    const backend = createCwmpBackend();
    const [names, values] = await queue(deviceId, [NAMES, VALUES]);
    expect((await backend.nextTaskOrRelease(deviceId, SESSION, TTL))?.taskId).toBe(names);
    await backend.completeTask(deviceId, names!, namesAnswer);
    // Held: the task is still sent, the document untouched, nothing reported yet.
    expect((await task(names!)).state).toBe("sent");
    expect(await documentOf(deviceId)).toHaveProperty(["Device.Gone.Parameter"]);
    expect(finished).toEqual([]);
    // The claim sends the values read next, not the held names read again.
    expect((await backend.nextTaskOrRelease(deviceId, SESSION, TTL))?.taskId).toBe(values);
    await backend.completeTask(deviceId, values!, valuesAnswer);

    expect((await task(names!)).state).toBe("done");
    expect((await task(values!)).state).toBe("done");
    expect(finished.map((f) => [f.taskId, f.outcome])).toEqual([
      [names, "GetParameterNamesResponse"],
      [values, "GetParameterValuesResponse"],
    ]);
    const device = await db().device.findUniqueOrThrow({ where: { id: deviceId } });
    expect(device.fullReadAt).toBeInstanceOf(Date);
    expect(device.softwareVersion).toBe("2.0.1");
    const doc = device.parameters as unknown as ParameterDocument;
    expect(doc["Device.Gone.Parameter"]).toBeUndefined();
    expect(doc["Device.DeviceInfo.UpTime"]).toMatchObject({ v: "42", t: "unsignedInt", w: false, n: 2 });
    expect(doc["Device.ManagementServer.PeriodicInformInterval"]).toMatchObject({ v: "300", w: true });
    expect(doc["Device.Hosts.Host.1."]).toMatchObject({ w: false });

    // The same answers stored one by one (the way before) give the same document.
    const other = await newDevice(`WTR-B${Date.now()}`);
    const [n2, v2] = await queue(other, [NAMES, VALUES]);
    await db().task.updateMany({ where: { id: { in: [n2!, v2!] } }, data: { state: "sent", attempts: 1 } });
    const apply = (tx: Parameters<Parameters<typeof completeTask>[3]>[0], r: AcsRequest, a: CpeResponse) =>
      applyTaskResult(tx, other, r, a);
    await completeTask(other, n2!, namesAnswer, apply);
    await completeTask(other, v2!, valuesAnswer, apply);
    expect(withoutTimes(doc)).toEqual(withoutTimes(await documentOf(other)));
  });

  it("stores the held names when the session ends before the values answer", async () => {
    const backend = createCwmpBackend();
    const [names, values] = await queue(deviceId, [NAMES, VALUES]);
    await backend.nextTaskOrRelease(deviceId, SESSION, TTL);
    await backend.completeTask(deviceId, names!, namesAnswer);
    await backend.nextTaskOrRelease(deviceId, SESSION, TTL);
    await backend.abandonSession(deviceId, SESSION, "timeout", { taskId: values!, message: "no answer" });
    expect((await task(names!)).state).toBe("done");
    expect(await documentOf(deviceId)).toHaveProperty(["Device.Hosts.Host.1."]);
    const read = await task(values!);
    expect([read.state, read.attempts]).toEqual(["sent", 1]);
    expect(finished.map((f) => [f.taskId, f.outcome])).toEqual([
      [names, "GetParameterNamesResponse"],
      [values, "failed"],
    ]);
  });

  it("stores the held names first when the values read ends as a fault", async () => {
    const backend = createCwmpBackend();
    const [names, values] = await queue(deviceId, [NAMES, VALUES]);
    await backend.nextTaskOrRelease(deviceId, SESSION, TTL);
    await backend.completeTask(deviceId, names!, namesAnswer);
    await backend.nextTaskOrRelease(deviceId, SESSION, TTL);
    await backend.completeTask(deviceId, values!, fault);
    expect((await task(names!)).state).toBe("done");
    expect((await task(values!)).state).toBe("fault");
    expect(finished.map((f) => [f.taskId, f.outcome])).toEqual([
      [names, "GetParameterNamesResponse"],
      [values, "Fault"],
    ]);
    expect(await documentOf(deviceId)).toHaveProperty(["Device.Hosts.Host.1."]);
  });

  it("stores the held names at once when the next task is not the values read", async () => {
    const backend = createCwmpBackend();
    const other: AcsRequest = { name: "Reboot", commandKey: "k" };
    const [names, reboot] = await queue(deviceId, [NAMES, other]);
    await backend.nextTaskOrRelease(deviceId, SESSION, TTL);
    await backend.completeTask(deviceId, names!, namesAnswer);
    expect((await backend.nextTaskOrRelease(deviceId, SESSION, TTL))?.taskId).toBe(reboot);
    expect((await task(names!)).state).toBe("done");
    // And when nothing follows: stored before the session ends.
    const [again] = await queue(deviceId, [NAMES]);
    await backend.completeTask(deviceId, reboot!, { name: "RebootResponse" });
    expect((await backend.nextTaskOrRelease(deviceId, SESSION, TTL))?.taskId).toBe(again);
    await backend.completeTask(deviceId, again!, namesAnswer);
    expect(await backend.nextTaskOrRelease(deviceId, SESSION, TTL)).toBeNull();
    expect((await task(again!)).state).toBe("done");
  });

  it("loses nothing when the process dies while it holds the names: the next session sends them again", async () => {
    const crashed = createCwmpBackend();
    const [names, values] = await queue(deviceId, [NAMES, VALUES]);
    await crashed.nextTaskOrRelease(deviceId, SESSION, TTL);
    await crashed.completeTask(deviceId, names!, namesAnswer);
    expect((await crashed.nextTaskOrRelease(deviceId, SESSION, TTL))?.taskId).toBe(values);
    // The process is gone; the device's next session (another node) holds the lock.
    await db().device.update({ where: { id: deviceId }, data: { sessionId: "session-2" } });
    const next = createCwmpBackend();
    const resent = await next.nextTaskOrRelease(deviceId, "session-2", TTL);
    expect(resent?.taskId).toBe(names);
    expect((await task(names!)).attempts).toBe(2);
  });

  it("leaves a held task at the attempts cap alone until its pair is stored", async () => {
    const backend = createCwmpBackend();
    const [names, values] = await queue(deviceId, [NAMES, VALUES]);
    await db().task.update({
      where: { id: names! },
      data: { state: "sent", attempts: settings().TASK_MAX_ATTEMPTS },
    });
    await backend.completeTask(deviceId, names!, namesAnswer);
    expect((await backend.nextTaskOrRelease(deviceId, SESSION, TTL))?.taskId).toBe(values);
    expect((await task(names!)).state).toBe("sent");
    await backend.completeTask(deviceId, values!, valuesAnswer);
    expect((await task(names!)).state).toBe("done");
  });

  it("does not hold a names read of a subtree, or of one level", async () => {
    const backend = createCwmpBackend();
    const [subtree, level] = await queue(deviceId, [
      { name: "GetParameterNames", parameterPath: "Device.DeviceInfo.", nextLevel: false },
      { name: "GetParameterNames", parameterPath: "Device.", nextLevel: true },
    ]);
    await backend.nextTaskOrRelease(deviceId, SESSION, TTL);
    await backend.completeTask(deviceId, subtree!, {
      name: "GetParameterNamesResponse",
      parameterList: [{ name: "Device.DeviceInfo.UpTime", writable: false }],
    });
    expect((await task(subtree!)).state).toBe("done");
    await backend.nextTaskOrRelease(deviceId, SESSION, TTL);
    await backend.completeTask(deviceId, level!, {
      name: "GetParameterNamesResponse",
      parameterList: [{ name: "Device.DeviceInfo.", writable: false }],
    });
    expect((await task(level!)).state).toBe("done");
  });

  it("an invalid names answer ends its own task as a fault; the values are stored", async () => {
    overrideSettings({ LOG_LEVEL: "silent", CWMP_MAX_PARAMETER_NAMES: "100" });
    try {
      const backend = createCwmpBackend();
      const [names, values] = await queue(deviceId, [NAMES, VALUES]);
      await backend.nextTaskOrRelease(deviceId, SESSION, TTL);
      // More names than the ACS takes (answer-check.ts): not stored, the task ends as a fault.
      const tooMany: CpeResponse = {
        name: "GetParameterNamesResponse",
        parameterList: Array.from({ length: 101 }, (_, i) => ({ name: `Device.X.${i}`, writable: false })),
      };
      await backend.completeTask(deviceId, names!, tooMany);
      await backend.nextTaskOrRelease(deviceId, SESSION, TTL);
      await backend.completeTask(deviceId, values!, valuesAnswer);
      expect((await task(names!)).state).toBe("fault");
      expect((await task(values!)).state).toBe("done");
      const doc = await documentOf(deviceId);
      expect(doc["Device.X.0"]).toBeUndefined();
      expect(doc["Device.DeviceInfo.UpTime"]).toMatchObject({ v: "42" });
    } finally {
      overrideSettings({ LOG_LEVEL: "silent" });
    }
  });
});
