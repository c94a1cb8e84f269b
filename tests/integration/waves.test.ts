// A firmware wave against the real simulator, server and database: canary then stages, auto-pause on
// injected download failures with the reasons, resume, rollback of a stage to each device's previous
// image, and a restart of the engine mid-wave that sends no device a second Download.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import type { Actor } from "../../server/core/actor";
import { abortWave, createWave, resumeWave, rollbackWave } from "../../server/firmware/waves/actions";
import { getWave } from "../../server/firmware/waves/queries";
import type { Fleet } from "../../sim";
import { addTestImage } from "../support/firmware";
import { adminActor, startInformedFleet } from "../support/fleet";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

let server: TestServer;
let fleet: Fleet;
let actor: Actor;
const DEVICES = 12;

beforeAll(async () => {
  server = await startTestServer();
  fleet = await startInformedFleet(server.cwmpUrl, { devices: DEVICES, seed: 11 });
  actor = await adminActor();
  // Every version the fleet runs, so a rollback finds each device's previous image.
  const versions = new Set(
    (await db().device.findMany({ select: { softwareVersion: true } })).map((d) => d.softwareVersion),
  );
  for (const version of versions) await addTestImage({ version });
}, 90_000);

afterAll(async () => {
  await fleet?.stop();
  await server?.close();
});

const plan = {
  canary: { count: 2 },
  stages: [{ percent: 50 }, { percent: 50 }],
  waitMinutes: 0,
  maxConcurrent: 20,
  perMinute: 1000,
  verifyMinutes: 10,
  failureRatio: 0.3,
  minSample: 3,
  maxFailures: 3,
};

async function rows(waveId: number) {
  return db().waveDevice.findMany({
    where: { waveId },
    include: { device: true },
    orderBy: { position: "asc" },
  });
}

describe("firmware wave", () => {
  it("canary → auto-pause on failures with reasons → resume → stage rollback, one Download per device", async () => {
    const image = await addTestImage({ version: "99.1.0" });
    const { id } = await createWave(actor, {
      name: "autumn",
      imageId: image.id,
      filter: {},
      plan,
      start: true,
    });
    const frozen = await rows(id);
    expect(frozen).toHaveLength(DEVICES);
    expect(frozen.filter((r) => r.stage === 0)).toHaveLength(2);
    // Devices of stage 1 fail their download (HTTP error reported by the CPE: 9010).
    const failing = frozen.filter((r) => r.stage === 1).slice(0, 3);
    for (const r of failing) fleet.device(r.device.serialNumber)!.firmwareFault = "http_error";

    // The canary verifies (new version reported at the boot), then stage 1 starts and pauses itself.
    await waitFor(async () => (await db().wave.findUnique({ where: { id } }))?.state === "paused", 60_000);
    const paused = await getWave(id);
    expect(paused.stages[0]!.state).toBe("done");
    expect(paused.counts.verified).toBeGreaterThanOrEqual(2);
    expect(paused.pauseReason).toMatch(/Stage 1: .*9010/);
    const failedRows = (await rows(id)).filter((r) => r.state === "failed");
    expect(failedRows.map((r) => r.deviceId).sort()).toEqual(failing.map((r) => r.deviceId).sort());
    expect(failedRows.every((r) => r.faultCode === 9010)).toBe(true);
    const audit = await db().auditLog.findMany({ where: { action: { startsWith: "wave." } } });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["wave.create", "wave.start", "wave.auto_pause"]),
    );
    expect(await db().outboxEvent.count({ where: { type: "wave.paused" } })).toBe(1);

    // Resume: the acknowledged failures do not pause it again; the rest of the fleet upgrades.
    for (const r of failing) fleet.device(r.device.serialNumber)!.firmwareFault = undefined;
    await resumeWave(actor, id);
    await waitFor(async () => (await db().wave.findUnique({ where: { id } }))?.state === "done", 90_000);
    const done = await getWave(id);
    expect(done.counts.verified).toBe(DEVICES - 3);
    expect(done.counts.failed).toBe(3);
    for (const r of (await rows(id)).filter((x) => x.state === "verified")) {
      expect(r.device.softwareVersion).toBe("99.1.0");
      expect(r.toVersion).toBe("99.1.0");
    }

    // Exactly one Download per device of the wave (no resends), each with the wave's CommandKey.
    const downloads = await db().task.groupBy({
      by: ["deviceId"],
      where: { batchId: `wave-${id}`, name: "Download" },
      _count: true,
    });
    expect(downloads).toHaveLength(DEVICES);
    expect(downloads.every((d) => d._count === 1)).toBe(true);

    // Roll back the canary: each device gets the image of the version it had before.
    const canary = (await rows(id)).filter((r) => r.stage === 0);
    expect(await rollbackWave(actor, id, 0)).toBe(2);
    await waitFor(
      async () => (await rows(id)).filter((r) => r.stage === 0).every((r) => r.state === "rolled_back"),
      60_000,
    );
    for (const r of canary) {
      const device = await db().device.findUniqueOrThrow({ where: { id: r.deviceId } });
      expect(device.softwareVersion).toBe(r.fromVersion);
    }
    await expect(abortWave(actor, id)).rejects.toThrow(/cannot abort a done wave/);
  }, 240_000);
});
