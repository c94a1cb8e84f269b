// The console's side of mobiles against a real Vantage process and simulated mobiles (one over XML, one
// over WBXML): the DM tree read live through the mobile router (a DmGet wakes the mobile with package
// 0), a Replace that lands in the mobile's own tree, permissions on the way, and a firmware wave over
// both mobiles that sends FUMO updates and verifies them by the firmware version reported back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, errorCodeOf } from "../../server/api/test-callers";
import type { Actor } from "../../server/core/actor";
import { db } from "../../server/db";
import { createWave } from "../../server/firmware/waves/actions";
import { handleApiRequest } from "../../server/nbi/rest/handler";
import { addTestToken } from "../../server/nbi/rest/test-tokens";
import type { Role } from "../../server/generated/prisma/enums";
import { startFleet, type SimFleet } from "../../sim/omadm/fleet";
import { addTestImage } from "../support/firmware";
import { adminActor } from "../support/fleet";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

const PASSWORD = "console-secret";
let server: TestServer;
let actor: Actor;
const fleets: SimFleet[] = [];
const mobiles: { fleet: SimFleet; deviceId: number }[] = [];

async function operator(role: Role) {
  const op = await db().operator.upsert({
    where: { username: `mc-${role}` },
    create: { username: `mc-${role}`, passwordHash: "x", role },
    update: {},
  });
  return callerAs({ id: op.id, username: op.username, role });
}

async function settled(taskId: number) {
  return waitFor(async () => {
    const task = await db().task.findUniqueOrThrow({ where: { id: taskId } });
    return ["done", "fault", "expired", "cancelled"].includes(task.state) ? task : undefined;
  }, 20_000);
}

beforeAll(async () => {
  server = await startTestServer({
    OMADM_ENABLED: "true",
    OMADM_PORT: "0",
    OMADM_DEFAULT_CLIENT_PASSWORD: PASSWORD,
  });
  actor = await adminActor();
  for (const [seed, encoding] of [
    [31, "xml"],
    [32, "wbxml"],
  ] as const) {
    const fleet = await startFleet({
      serverUrl: server.omadmUrl!,
      devices: 1,
      seed,
      encoding,
      serverId: "vantage",
      password: PASSWORD,
      failureRate: 0,
      maxMsgSize: 4096,
    });
    fleets.push(fleet);
    const report = await fleet.mobiles[0]!.session(1201);
    expect(report.ok).toBe(true);
    const device = await db().device.findFirstOrThrow({ where: { serialNumber: fleet.mobiles[0]!.devId } });
    mobiles.push({ fleet, deviceId: device.id });
  }
}, 90_000);

afterAll(async () => {
  await Promise.all(fleets.map((f) => f.close()));
  await server?.close();
});

describe.each([0, 1])("the console on mobile %i", (index) => {
  it("finds it by its IMEI in the device list, kind Mobile", async () => {
    const { fleet, deviceId } = mobiles[index]!;
    const viewer = await operator("viewer");
    const imei = fleet.mobiles[0]!.devId.replace(/^IMEI:/, "");
    const page = await viewer.devices.list({ q: imei.slice(-10), kind: "MOBILE" });
    expect(page.rows.map((r) => [r.id, r.kind])).toEqual([[deviceId, "MOBILE"]]);
  });

  it("reads the DM tree live and replaces a value through the router", async () => {
    const { fleet, deviceId } = mobiles[index]!;
    const helpdesk = await operator("helpdesk");
    const viewer = await operator("viewer");
    expect(await errorCodeOf(viewer.mobile.get({ id: deviceId, path: "./FUMO/1" }))).toBe("FORBIDDEN");
    const { taskId } = await helpdesk.mobile.get({ id: deviceId, path: "./FUMO/1" });
    expect((await settled(taskId)).state).toBe("done");
    const fumo = await viewer.mobile.tree({ id: deviceId, path: "./FUMO/1" });
    expect(fumo.node).toMatchObject({ interior: true, format: "node" });
    expect(fumo.children.map((c) => c.name)).toEqual(
      expect.arrayContaining(["Download", "DownloadAndUpdate", "PkgName", "State"]),
    );
    expect(fumo.task).toMatchObject({ id: taskId, name: "DmGet", state: "done" });

    const replaced = await helpdesk.mobile.replace({ id: deviceId, path: "./DevInfo/Lang", value: "de-DE" });
    expect((await settled(replaced.taskId)).state).toBe("done");
    expect(fleet.mobiles[0]!.tree.nodes.get("./DevInfo/Lang")!.value).toBe("de-DE");
    const info = await viewer.mobile.tree({ id: deviceId, path: "./DevInfo" });
    expect(info.children.find((c) => c.name === "Lang")).toMatchObject({ value: "de-DE", interior: false });
    // A read-only leaf: the mobile's 405 is the task's outcome, shown with the task list.
    const refused = await helpdesk.mobile.replace({ id: deviceId, path: "./DevInfo/Mod", value: "X" });
    expect(await settled(refused.taskId)).toMatchObject({ state: "fault", faultCode: 405 });
    const tasks = await viewer.device.tasks({ id: deviceId });
    expect(tasks.slice(0, 3).map((t) => [t.name, t.state])).toEqual([
      ["DmReplace", "fault"],
      ["DmReplace", "done"],
      ["DmGet", "done"],
    ]);
  });
});

describe("REST mobiles", () => {
  async function call(role: Role, method: string, route: string, body?: unknown) {
    const { token } = await addTestToken({ role });
    const res = await handleApiRequest(
      new Request(`http://127.0.0.1/api/v1${route}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it("queues a live read and a Replace, reads the node back, refuses a viewer and bad URIs", async () => {
    const { fleet, deviceId } = mobiles[0]!;
    const refused = await call("viewer", "POST", `/devices/${deviceId}/dm`, {
      command: "Get",
      path: "./DevInfo",
    });
    expect(refused.status).toBe(403);
    const bad = await call("helpdesk", "POST", `/devices/${deviceId}/dm`, { command: "Get", path: "../x" });
    expect(bad.status).toBe(422);
    const put = await call("helpdesk", "POST", `/devices/${deviceId}/dm`, {
      command: "Replace",
      path: "./DevInfo/Lang",
      value: "sv-SE",
    });
    expect(put.status).toBe(200);
    expect((await settled(put.body.taskId as number)).state).toBe("done");
    expect(fleet.mobiles[0]!.tree.nodes.get("./DevInfo/Lang")!.value).toBe("sv-SE");
    const node = await call("viewer", "GET", `/devices/${deviceId}/dm?path=./DevInfo/Lang`);
    expect(node).toMatchObject({
      status: 200,
      body: { node: { value: "sv-SE", interior: false }, task: { name: "DmReplace", state: "done" } },
    });
  });
});

describe("a firmware wave over mobiles", () => {
  it("sends each a FUMO update and verifies it by the firmware version reported back", async () => {
    const image = await addTestImage({ version: "3.1.0" });
    const { id } = await createWave(actor, {
      name: "mobiles",
      imageId: image.id,
      filter: { kind: "MOBILE" },
      plan: {
        canary: { count: 1 },
        stages: [{ percent: 100 }],
        verifyMinutes: 5,
        autoRollback: false,
        waitMinutes: 0,
        perMinute: 1000,
        maxConcurrent: 10,
        maxFailures: 100,
        failureRatio: 1,
      },
      start: true,
    });
    const rows = await waitFor(async () => {
      const r = await db().waveDevice.findMany({ where: { waveId: id } });
      return r.length === 2 && r.every((x) => x.state === "verified") ? r : undefined;
    }, 60_000);
    for (const row of rows) {
      const task = await db().task.findUniqueOrThrow({ where: { id: row.taskId! } });
      expect(task).toMatchObject({ protocol: "omadm", name: "FumoUpdate", state: "done" });
      expect(row).toMatchObject({ toVersion: "3.1.0", delivery: "http" });
    }
    for (const { fleet } of mobiles)
      expect(fleet.mobiles[0]!.tree.nodes.get("./DevDetail/FwV")!.value).toBe("3.1.0");
    const downloads = await db().task.count({ where: { batchId: `wave-${id}`, name: "Download" } });
    expect(downloads).toBe(0);
  });

  it("fails a mobile whose FUMO result is an error, with the FUMO result text as the reason", async () => {
    // Bytes that are no image of the simulator's: the mobile answers FUMO result 402.
    const image = await addTestImage({ version: "3.2.0", bytes: Buffer.alloc(2048, 0x5a) });
    const { deviceId } = mobiles[0]!;
    const { id } = await createWave(actor, {
      name: "mobiles-bad",
      imageId: image.id,
      filter: { kind: "MOBILE" },
      plan: {
        canary: { count: 1 },
        stages: [{ percent: 100 }],
        verifyMinutes: 5,
        autoRollback: false,
        waitMinutes: 0,
        perMinute: 1000,
        maxConcurrent: 10,
        maxFailures: 100,
        failureRatio: 1,
      },
      start: true,
    });
    const row = await waitFor(async () => {
      const r = await db().waveDevice.findFirst({ where: { waveId: id, deviceId, state: "failed" } });
      return r ?? undefined;
    }, 60_000);
    expect(row).toMatchObject({
      faultCode: 402,
      reason: "FUMO result 402: corrupted firmware update package",
    });
    const device = await db().device.findUniqueOrThrow({ where: { id: deviceId } });
    expect(device.softwareVersion).toBe("3.1.0");
  });
});
