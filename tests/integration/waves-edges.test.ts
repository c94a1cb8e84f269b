// Waves where devices misbehave or time does not fit: a device that never comes back fails after the
// wave's time limit and is rolled back automatically; a transfer refused by the CPE is rolled back
// without a transfer (the device never left its version); nothing starts outside the maintenance
// window; an application (deployment unit) rolls out with ChangeDUState and no reboot.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEPLOYMENT_UNIT_TYPE } from "../../lib/firmware/file-types";
import type { Actor } from "../../server/core/actor";
import { db } from "../../server/db";
import { abortWave, createWave } from "../../server/firmware/waves/actions";
import { getWave } from "../../server/firmware/waves/queries";
import type { Fleet } from "../../sim";
import { makeSimDu } from "../../sim/du-package";
import { addTestImage } from "../support/firmware";
import { adminActor, startInformedFleet } from "../support/fleet";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

let server: TestServer;
let fleet: Fleet;
let actor: Actor;
const DEVICES = 6;

beforeAll(async () => {
  server = await startTestServer();
  fleet = await startInformedFleet(server.cwmpUrl, { devices: DEVICES, seed: 23, stbRatio: 1 });
  actor = await adminActor();
}, 90_000);

afterAll(async () => {
  await fleet?.stop();
  await server?.close();
});

const quick = { waitMinutes: 0, perMinute: 1000, maxConcurrent: 10, maxFailures: 100, failureRatio: 1 };
const byState = async (waveId: number) =>
  db().waveDevice.findMany({ where: { waveId }, include: { device: true }, orderBy: { position: "asc" } });

describe("wave edges", () => {
  it("fails a device that never comes back after the time limit, and rolls failures back automatically", async () => {
    const devices = await db().device.findMany({ orderBy: { id: "asc" }, take: 2 });
    const [silent, refusing] = devices as [(typeof devices)[0], (typeof devices)[0]];
    fleet.device(silent.serialNumber)!.firmwareFault = "never_returns";
    fleet.device(refusing.serialNumber)!.firmwareFault = "hash_mismatch";
    const image = await addTestImage({ version: "55.0.0" });
    const { id } = await createWave(actor, {
      name: "edges",
      imageId: image.id,
      filter: {},
      plan: {
        canary: { count: 1 },
        stages: [{ percent: 100 }],
        verifyMinutes: 1,
        autoRollback: true,
        ...quick,
      },
      start: true,
    });
    // The refusing device reports 9018 and never left its version: rolled back with no transfer.
    await waitFor(
      async () => (await byState(id)).find((r) => r.deviceId === refusing.id)?.state === "rolled_back",
      60_000,
    );
    const refused = (await byState(id)).find((r) => r.deviceId === refusing.id)!;
    expect(refused.faultCode).toBe(9018);
    expect(refused.reason).toMatch(/already on/);
    expect(refused.rollbackTaskId).toBeNull();

    // The silent device took its Download and is never heard from again: the wave's minute runs out
    // (moved into the past here rather than waited for).
    await waitFor(async () => {
      const row = (await byState(id)).find((r) => r.deviceId === silent.id);
      return row?.taskId && (await db().task.findUnique({ where: { id: row.taskId } }))?.sentAt ? row : null;
    }, 60_000);
    const row = (await byState(id)).find((r) => r.deviceId === silent.id)!;
    await db().task.update({
      where: { id: row.taskId! },
      data: { sentAt: new Date(Date.now() - 5 * 60_000) },
    });
    // It failed; as far as the ACS knows it is still on its old version, so its rollback needs no
    // transfer (one sent now would wait for a device that is gone).
    await waitFor(
      async () => (await byState(id)).find((r) => r.deviceId === silent.id)?.state === "rolled_back",
      30_000,
    );
    const failed = (await byState(id)).find((r) => r.deviceId === silent.id)!;
    expect(failed.faultCode).toBe(0);
    expect(failed.reason).toMatch(/^device not back on the new version within 1 min; already on /);
    expect(failed.rollbackTaskId).toBeNull();
    expect((await db().task.findUniqueOrThrow({ where: { id: failed.taskId! } })).state).toBe("expired");
    // The others upgrade and the wave ends.
    await waitFor(
      async () => (await db().wave.findUniqueOrThrow({ where: { id } })).state === "done",
      60_000,
    );
    expect((await byState(id)).filter((r) => r.state === "verified")).toHaveLength(DEVICES - 2);
    fleet.device(refusing.serialNumber)!.firmwareFault = undefined;
  }, 150_000);

  it("starts nothing outside the maintenance window and says when it opens", async () => {
    const image = await addTestImage({ version: "56.0.0" });
    const { id } = await createWave(actor, {
      name: "new year",
      imageId: image.id,
      filter: { online: true },
      plan: {
        canary: { count: 1 },
        stages: [{ percent: 100 }],
        window: { cron: "0 3 1 1 *", durationMinutes: 60, timeZone: "UTC" },
        ...quick,
      },
      start: true,
    });
    await new Promise((r) => setTimeout(r, 2500));
    const wave = await getWave(id);
    expect(wave.state).toBe("running");
    expect(wave.blockedBy).toBe("outside the maintenance window");
    expect(wave.window?.open).toBe(false);
    expect(wave.window?.nextOpen?.toISOString()).toMatch(/-01-01T03:00:00.000Z$/);
    expect(await db().task.count({ where: { batchId: `wave-${id}` } })).toBe(0);
    await abortWave(actor, id);
  });

  it("rolls an application out with ChangeDUState, no reboot, verified by the CPE's DUStateChangeComplete", async () => {
    const uuid = "6f1c2a9e-4b7d-4e2a-9c31-0a1b2c3d4e5f";
    const app = await addTestImage({
      version: "1.4.0",
      fileType: DEPLOYMENT_UNIT_TYPE,
      duUuid: uuid,
      bytes: makeSimDu({ name: "Weather", version: "1.4.0", uuid }, 8_000),
    });
    const boots = new Map((await db().device.findMany()).map((d) => [d.id, d.lastBoot?.getTime()]));
    const { id } = await createWave(actor, {
      name: "weather app",
      imageId: app.id,
      filter: { kind: "STB" },
      plan: { canary: { count: 1 }, stages: [{ percent: 100 }], ...quick },
      start: true,
    });
    // Every STB but the one that went silent in the first test installs it; that one's ChangeDUState
    // waits, queued, for a device that never calls again.
    const silent = (await db().device.findMany({ orderBy: { id: "asc" }, take: 1 }))[0]!;
    const rows = (await byState(id)).filter((r) => r.deviceId !== silent.id);
    expect(rows.length).toBeGreaterThan(1);
    const installed = async () =>
      (await byState(id)).filter((r) => r.deviceId !== silent.id).every((r) => r.state === "verified");
    await waitFor(installed, 60_000);
    const tasks = await db().task.findMany({
      where: { batchId: `wave-${id}`, deviceId: { not: silent.id } },
    });
    expect(tasks.every((t) => t.name === "ChangeDUState" && t.state === "done")).toBe(true);
    for (const r of rows) {
      const device = await db().device.findUniqueOrThrow({ where: { id: r.deviceId } });
      expect(device.lastBoot?.getTime()).toBe(boots.get(r.deviceId));
    }
    expect((await byState(id)).find((r) => r.deviceId === silent.id)?.state).toBe("downloading");
    expect((await getWave(id)).state).toBe("running");
  }, 120_000);
});
