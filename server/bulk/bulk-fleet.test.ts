// Bulk jobs end to end: the real server (its own runner) and simulated CPEs over CWMP. A set-value
// job applied to a mixed fleet: the STBs (TR-181 "Device.") take the value, the TR-098 gateways fault
// it (9005), each outcome is recorded per device; a reboot job throttled to one device at a time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFleet, type Fleet } from "../../sim";
import { startTestServer, waitFor, type TestServer } from "../../tests/support/test-server";
import { db } from "../db";
import { createBulkJob, getBulkJob, listBulkJobItems } from "./service";

let server: TestServer;
let fleet: Fleet;
let operatorId = 0;
const DEVICES = 4;

beforeAll(async () => {
  server = await startTestServer();
  operatorId = (
    await db().operator.create({ data: { username: "admin-fleet", passwordHash: "x", role: "admin" } })
  ).id;
  fleet = await startFleet({
    acsUrl: server.cwmpUrl,
    devices: DEVICES,
    seed: 4242,
    stbRatio: 0.5,
    crHost: "127.0.0.1",
    crPort: 0,
    retryScale: 0.01,
    evolveEveryMs: 0,
    startSpreadMs: 200,
  });
  // Bootstrapped: every device has answered the server's initial full read.
  await waitFor(
    async () => (await db().task.count({ where: { name: "GetParameterValues", state: "done" } })) >= DEVICES,
    40_000,
  );
}, 90_000);

afterAll(async () => {
  await fleet?.stop();
  await server?.close();
});

const op = () => ({ id: operatorId, username: "admin-fleet", role: "admin" as const });

async function finished(jobId: number, timeoutMs = 40_000) {
  return waitFor(async () => {
    const job = await getBulkJob(jobId);
    return job.finishedAt ? job : null;
  }, timeoutMs);
}

describe("bulk jobs against simulated devices", () => {
  it("sets a value: applied on each STB, faulted by each gateway, outcomes per device", async () => {
    const devices = await db().device.findMany({ orderBy: { id: "asc" } });
    const stbs = devices.filter((d) => d.rootObject === "Device");
    expect(stbs.length).toBeGreaterThan(0);
    expect(stbs.length).toBeLessThan(DEVICES);
    const job = await createBulkJob(op(), {
      action: { action: "set", path: "Device.ManagementServer.PeriodicInformInterval", value: "1234" },
      selection: { filter: {} },
    });
    const done = await finished(job.id);
    expect(done).toMatchObject({
      state: "done",
      total: DEVICES,
      succeeded: stbs.length,
      failed: DEVICES - stbs.length,
    });
    for (const stb of stbs) {
      expect(fleet.device(stb.serialNumber)?.tree.get("Device.ManagementServer.PeriodicInformInterval")).toBe(
        "1234",
      );
    }
    const failed = await listBulkJobItems(job.id, { states: ["failed"] });
    for (const item of failed.items) {
      expect(item.task).toMatchObject({ name: "SetParameterValues", state: "fault" });
      expect(item.message).toMatch(/^SetParameterValues: 900\d/);
    }
  }, 60_000);

  it("reboots with at most one device outstanding, each reboot confirmed by the device", async () => {
    const job = await createBulkJob(op(), {
      action: { action: "reboot" },
      selection: { deviceIds: (await db().device.findMany()).map((d) => d.id) },
      throttle: { perSecond: 10, maxOutstanding: 1 },
    });
    let maxOpen = 0;
    const done = await waitFor(
      async () => {
        const open = await db().task.count({
          where: { batchId: `bulk-${job.id}`, state: { in: ["queued", "sent"] } },
        });
        maxOpen = Math.max(maxOpen, open);
        const j = await getBulkJob(job.id);
        return j.finishedAt ? j : null;
      },
      60_000,
      50,
    );
    expect(maxOpen).toBe(1);
    expect(done).toMatchObject({ state: "done", succeeded: DEVICES, failed: 0 });
    const informs = await db().informEvent.findMany({ where: { events: { has: "M Reboot" } } });
    expect(new Set(informs.map((i) => i.deviceId)).size).toBe(DEVICES);
  }, 90_000);
});
