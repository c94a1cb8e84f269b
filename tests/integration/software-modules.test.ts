// Run-time applications against the real simulator, server, file server and database: a store
// deployment unit installed by ChangeDUState (no reboot), the DU and its Active EU in the stored tree,
// stop/start, an update to a newer version, uninstall, and a device fault for an unknown UUID.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEPLOYMENT_UNIT_TYPE } from "../../lib/firmware/file-types";
import type { Actor } from "../../server/core/actor";
import { db } from "../../server/db";
import { recordAutonomousDuStateChangeComplete } from "../../server/firmware/du-state-complete";
import { installApp, setAppRunning, uninstallApp } from "../../server/firmware/software-modules/actions";
import {
  installableImages,
  pendingDuChanges,
  readSoftwareModules,
} from "../../server/firmware/software-modules/units";
import { insertTasks, notifyQueued } from "../../server/tasks/service";
import { startFleet, type Fleet } from "../../sim";
import { makeSimDu } from "../../sim/du-package";
import { addTestImage } from "../support/firmware";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

const UUID = "6d1f2b8e-4c3a-4e0b-9a51-7f2c9e3d1a42";
let server: TestServer;
let fleet: Fleet;
let actor: Actor;
let deviceId: number;

beforeAll(async () => {
  server = await startTestServer();
  fleet = await startFleet({
    acsUrl: server.cwmpUrl,
    devices: 4,
    seed: 7,
    stbRatio: 0.7,
    crHost: "127.0.0.1",
    crPort: 0,
    retryScale: 0.01,
    evolveEveryMs: 0,
    startSpreadMs: 100,
  });
  await waitFor(
    async () => (await db().device.count({ where: { lastInform: { informedAt: { not: null } } } })) === 4,
    30_000,
  );
  const admin = await db().operator.findFirstOrThrow({ where: { role: "admin" } });
  actor = { id: admin.id, username: admin.username };
  // the bootstrap read stores the tree (and tells an STB by its STBService)
  await waitFor(async () => (await db().device.count({ where: { kind: "STB" } })) > 0, 30_000);
  const stb = await db().device.findFirstOrThrow({ where: { kind: "STB" } });
  deviceId = stb.id;
  await waitFor(
    async () => (await db().task.count({ where: { deviceId, state: { in: ["queued", "sent"] } } })) === 0,
    30_000,
  );
  expect((await readSoftwareModules(deviceId)).deploymentUnits).toEqual([]);
}, 90_000);

afterAll(async () => {
  await fleet?.stop();
  await server?.close();
});

async function ended(taskId: number) {
  await waitFor(async () => {
    const t = await db().task.findUnique({ where: { id: taskId } });
    return t !== null && ["done", "fault", "expired", "cancelled"].includes(t.state);
  }, 20_000);
  return db().task.findUniqueOrThrow({ where: { id: taskId } });
}

/** Waits until the auto-queued re-read of Device.SoftwareModules. shows what `check` wants. */
async function treeShows(check: (m: Awaited<ReturnType<typeof readSoftwareModules>>) => boolean) {
  await waitFor(async () => check(await readSoftwareModules(deviceId)), 20_000);
  return readSoftwareModules(deviceId);
}

async function duImage(version: string) {
  return addTestImage({
    version,
    fileType: DEPLOYMENT_UNIT_TYPE,
    duUuid: UUID,
    bytes: makeSimDu({ name: "Weather", version, uuid: UUID }, 10_000),
  });
}

describe("run-time applications (ChangeDUState)", () => {
  it("installs a store DU without a reboot; the DU and its Active EU show in the tree", async () => {
    const image = await duImage("1.0.0");
    expect((await installableImages(deviceId)).map((i) => i.id)).toContain(image.id);
    const bootsBefore = (await db().device.findUniqueOrThrow({ where: { id: deviceId } })).lastBoot;
    const { taskIds } = await installApp(actor, deviceId, image.id);
    const task = await ended(taskIds[0]!);
    expect(task.state).toBe("done");
    expect(task.request).toMatchObject({ operations: [{ op: "Install", uuid: UUID }] });
    expect(JSON.stringify(task.result)).toContain('"currentState":"Installed"');
    // The re-read lands names before values: wait for the unit's values, not only its instance.
    const sm = await treeShows(
      (m) =>
        m.deploymentUnits.length === 1 &&
        m.deploymentUnits[0]!.executionUnits.some((e) => e.status === "Active"),
    );
    expect(sm.deploymentUnits[0]).toMatchObject({
      uuid: UUID,
      name: "Weather",
      version: "1.0.0",
      status: "Installed",
      resolved: true,
      executionUnits: [expect.objectContaining({ status: "Active", name: "Weather" })],
    });
    expect((await db().device.findUniqueOrThrow({ where: { id: deviceId } })).lastBoot).toEqual(bootsBefore);
    expect(await pendingDuChanges(deviceId)).toEqual([]);
    const audit = await db().auditLog.findFirst({ where: { action: "app.install", deviceId } });
    expect(audit?.after).toMatchObject({ imageId: image.id, uuid: UUID });
    // the grant password never reaches the audit row
    expect(JSON.stringify([audit?.before, audit?.after])).not.toMatch(/password/i);
  });

  it("stops and starts the execution unit", async () => {
    const eu = (await readSoftwareModules(deviceId)).deploymentUnits[0]!.executionUnits[0]!;
    let { taskIds } = await setAppRunning(actor, deviceId, eu.path, false);
    for (const id of taskIds) expect((await ended(id)).state).toBe("done");
    await treeShows((m) => m.deploymentUnits[0]?.executionUnits[0]?.status === "Idle");
    ({ taskIds } = await setAppRunning(actor, deviceId, eu.path, true));
    for (const id of taskIds) expect((await ended(id)).state).toBe("done");
    await treeShows((m) => m.deploymentUnits[0]?.executionUnits[0]?.status === "Active");
  });

  it("updates to a newer store version (ChangeDUState Update by UUID)", async () => {
    const image = await duImage("1.1.0");
    const { taskIds } = await installApp(actor, deviceId, image.id);
    const task = await ended(taskIds[0]!);
    expect(task.state).toBe("done");
    expect(task.request).toMatchObject({ operations: [{ op: "Update", uuid: UUID }] });
    const sm = await treeShows((m) => m.deploymentUnits[0]?.version === "1.1.0");
    expect(sm.deploymentUnits).toHaveLength(1);
    expect(sm.deploymentUnits[0]?.executionUnits[0]?.version).toBe("1.1.0");
  });

  it("uninstalls: the unit and its EU are gone from the tree", async () => {
    const { taskIds } = await uninstallApp(actor, deviceId, UUID);
    const task = await ended(taskIds[0]!);
    expect(task.state).toBe("done");
    expect(JSON.stringify(task.result)).toContain('"currentState":"Uninstalled"');
    const sm = await treeShows((m) => m.deploymentUnits.length === 0);
    expect(sm.otherExecutionUnits).toEqual([]);
    await expect(uninstallApp(actor, deviceId, UUID)).rejects.toThrow(/no deployment unit/);
  });

  it("an unknown UUID ends the task as a fault (9028) with a device fault row", async () => {
    const unknown = "00000000-0000-4000-8000-00000000beef";
    const [task] = await db().$transaction((tx) =>
      insertTasks(tx, deviceId, [
        {
          name: "ChangeDUState",
          commandKey: "du-unknown",
          operations: [{ op: "Uninstall", uuid: unknown, version: "", executionEnvRef: "" }],
        },
      ]),
    );
    notifyQueued(deviceId);
    const done = await ended(task!.id);
    expect(done).toMatchObject({ state: "fault", faultCode: 9028 });
    const fault = await db().deviceFault.findFirst({ where: { taskId: task!.id } });
    expect(fault?.code).toBe(9028);
  });

  it("an autonomous removal by the device is recorded; its report re-reads the tree and keeps faults", async () => {
    const image = await duImage("1.2.0");
    const { taskIds } = await installApp(actor, deviceId, image.id);
    expect((await ended(taskIds[0]!)).state).toBe("done");
    await treeShows((m) => m.deploymentUnits.length === 1);
    const serial = (await db().device.findUniqueOrThrow({ where: { id: deviceId } })).serialNumber;
    expect(fleet.uninstallAppLocally(serial, UUID)).toBe(true);
    await waitFor(
      async () =>
        (await db().deviceEvent.count({ where: { deviceId, type: "AutonomousDUStateChangeComplete" } })) > 0,
      20_000,
    );
    const now = new Date().toISOString();
    await recordAutonomousDuStateChangeComplete(deviceId, {
      name: "AutonomousDUStateChangeComplete",
      results: [
        {
          uuid: UUID,
          deploymentUnitRef: "",
          version: "1.2.0",
          currentState: "Failed",
          resolved: false,
          executionUnitRefList: "",
          startTime: now,
          completeTime: now,
          fault: { faultCode: 9027, faultString: "System resources exceeded" },
          operationPerformed: "Install",
        },
      ],
    });
    expect(await db().deviceFault.findFirst({ where: { deviceId, code: 9027 } })).not.toBeNull();
    notifyQueued(deviceId);
    const sm = await treeShows((m) => m.deploymentUnits.length === 0);
    expect(sm.otherExecutionUnits).toEqual([]);
  });
});
