// Delivery against the real server, file server and simulator: RequestDownload answered by policy
// (refused with the reason when nothing is offered, granted → a Download the device completes), the
// "already pending" refusal, an operator's Download from the store ending done with the version before
// and after, a Download with wrong credentials ending 9012, and an Upload stored as a DeviceFile.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { settings } from "../../server/env";
import type { Device } from "../../server/generated/prisma/client";
import { sendImage } from "../../server/firmware/device-delivery";
import { answerRequestDownload } from "../../server/firmware/request-download";
import { requestUpload } from "../../server/firmware/uploads";
import { createBulkJob } from "../../server/bulk/service";
import { fileServerUrl, imagePath } from "../../server/firmware/file-base";
import { expireOverdueTasks, queueTask } from "../../server/tasks/service";
import { startFleet, type Fleet } from "../../sim";
import { addTestImage } from "../support/firmware";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

let server: TestServer;
let fleet: Fleet;
let gateway: Device;
let stb: Device;
let actor: { id: number; username: string };
const FW = "1 Firmware Upgrade Image";

beforeAll(async () => {
  server = await startTestServer({
    CWMP_AUTH: "digest",
    CWMP_USERNAME: "fleet",
    CWMP_PASSWORD: "fleet-pass",
  });
  fleet = await startFleet({
    acsUrl: server.cwmpUrl,
    devices: 4,
    seed: 11,
    username: "fleet",
    password: "fleet-pass",
    crHost: "127.0.0.1",
    crPort: 0,
    retryScale: 0.01,
    evolveEveryMs: 0,
    startSpreadMs: 100,
  });
  await waitFor(
    async () => (await db().device.count({ where: { softwareVersion: { not: "" } } })) >= 4,
    30_000,
  );
  const devices = await db().device.findMany({ orderBy: { id: "asc" } });
  gateway = devices.find((d) => d.kind === "GATEWAY")!;
  stb = devices.find((d) => d.id !== gateway.id)!;
  const admin = await db().operator.findFirstOrThrow();
  actor = { id: admin.id, username: admin.username };
  // Idle devices: no bootstrap work left that would race with the transfers below.
  await waitFor(
    async () => (await db().task.count({ where: { state: { in: ["queued", "sent"] } } })) === 0,
    30_000,
  );
}, 60_000);

afterAll(async () => {
  await fleet?.stop();
  await server?.close();
});

const decisions = (deviceId: number) =>
  db().deviceEvent.findMany({ where: { deviceId, type: "RequestDownload" }, orderBy: { id: "asc" } });

async function nextDecision(deviceId: number, seen: number) {
  return waitFor(async () => {
    const all = await decisions(deviceId);
    return all.length > seen
      ? (all[seen]!.payload as { decision: string; reason: string; imageId?: number })
      : null;
  });
}

describe("RequestDownload policy", () => {
  it("refuses with the reason while nothing is offered, then grants an offered image the device installs", async () => {
    const serial = gateway.serialNumber;
    fleet.requestDownload(serial, FW);
    expect(await nextDecision(gateway.id, 0)).toMatchObject({
      decision: "refused",
      reason: expect.stringContaining("no released image") as unknown,
    });

    const draft = await addTestImage({
      version: "8.0.0",
      productClasses: [gateway.productClass],
      state: "draft",
    });
    fleet.requestDownload(serial, FW);
    expect(await nextDecision(gateway.id, 1)).toMatchObject({
      decision: "refused",
      reason: "8.0.0 not published",
    });
    await db().firmwareImage.update({ where: { id: draft.id }, data: { state: "blocked" } });

    const later = await addTestImage({
      version: "8.0.1",
      productClasses: [gateway.productClass],
      releaseDate: new Date(Date.now() + 86_400_000),
    });
    fleet.requestDownload(serial, FW);
    expect((await nextDecision(gateway.id, 2)).reason).toMatch(/^8\.0\.1 not released before/);
    await db().firmwareImage.delete({ where: { id: later.id } });

    fleet.requestDownload(serial, FW);
    expect((await nextDecision(gateway.id, 3)).reason).toBe("8.0.0 blocked");

    const good = await addTestImage({ version: "8.1.0", productClasses: [gateway.productClass] });
    fleet.requestDownload(serial, FW);
    expect(await nextDecision(gateway.id, 4)).toMatchObject({ decision: "granted", imageId: good.id });
    const task = await waitFor(
      () =>
        db().task.findFirst({ where: { deviceId: gateway.id, createdBy: "RequestDownload", state: "done" } }),
      30_000,
    );
    expect(task.result).toMatchObject({ softwareVersionAfter: "8.1.0" });
    expect((await db().device.findUniqueOrThrow({ where: { id: gateway.id } })).softwareVersion).toBe(
      "8.1.0",
    );
    expect((await db().firmwareImage.findUniqueOrThrow({ where: { id: good.id } })).downloads).toBe(1);
  });

  it("refuses a second request while the granted transfer is pending", async () => {
    const device = await db().device.create({
      data: {
        oui: "A1B2C3",
        productClass: "LOOP",
        serialNumber: "LOOP-1",
        manufacturer: "X",
        softwareVersion: "1",
      },
    });
    const image = await addTestImage({ version: "2", productClasses: ["LOOP"] });
    const ask = { name: "RequestDownload" as const, fileType: FW, fileTypeArg: [] };
    await answerRequestDownload(device.id, ask);
    await answerRequestDownload(device.id, ask);
    const [first, second] = (await decisions(device.id)).map((e) => e.payload);
    expect(first).toMatchObject({ decision: "granted", imageId: image.id });
    expect(second).toMatchObject({ decision: "refused", reason: "already pending: 2" });
    expect(await db().task.count({ where: { deviceId: device.id } })).toBe(1);
  });
});

describe("operator delivery", () => {
  it("sends a store image: done with the version before and after, audited", async () => {
    const before = (await db().device.findUniqueOrThrow({ where: { id: stb.id } })).softwareVersion;
    const image = await addTestImage({ version: "9.2.0", productClasses: [stb.productClass] });
    const { taskId } = await sendImage(actor, { deviceId: stb.id, imageId: image.id });
    const task = await waitFor(async () => {
      const t = await db().task.findUniqueOrThrow({ where: { id: taskId } });
      return t.state === "done" || t.state === "fault" ? t : null;
    }, 30_000);
    expect(task.state).toBe("done");
    expect(task.result).toMatchObject({ softwareVersionBefore: before, softwareVersionAfter: "9.2.0" });
    // A firmware Download is given FIRMWARE_VERIFY_MINUTES from when it was sent.
    expect(task.expiresAt!.getTime() - task.sentAt!.getTime()).toBeLessThanOrEqual(
      settings().FIRMWARE_VERIFY_MINUTES * 60_000 + 1000,
    );
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: "device.download", deviceId: stb.id },
    });
    expect(JSON.stringify(audit.after)).not.toMatch(/password/i);
  });

  it("refuses an image that does not apply unless forced, and a blocked one always", async () => {
    const other = await addTestImage({ version: "9.3.0", productClasses: ["SOMETHING-ELSE"] });
    await expect(sendImage(actor, { deviceId: stb.id, imageId: other.id })).rejects.toThrow(/does not apply/);
    const blocked = await addTestImage({ version: "9.4.0", state: "blocked" });
    await expect(sendImage(actor, { deviceId: stb.id, imageId: blocked.id, force: true })).rejects.toThrow(
      /blocked/,
    );
  });

  it("offers ScheduleDownload with its window; a CPE without it answers a fault the task shows", async () => {
    const image = await addTestImage({ version: "9.6.0", productClasses: [stb.productClass] });
    const { taskId } = await sendImage(actor, {
      deviceId: stb.id,
      imageId: image.id,
      schedule: [{ windowStart: 0, windowEnd: 3600, windowMode: "1 At Any Time" }],
    });
    const queued = await db().task.findUniqueOrThrow({ where: { id: taskId } });
    expect(queued.name).toBe("ScheduleDownload");
    expect(queued.request).toMatchObject({ timeWindowList: [{ windowStart: 0, windowEnd: 3600 }] });
    const ended = await waitFor(async () => {
      const t = await db().task.findUniqueOrThrow({ where: { id: taskId } });
      return t.state === "fault" || t.state === "done" ? t : null;
    }, 30_000);
    expect(ended.state).toBe("fault");
    expect(ended.faultCode).toBeGreaterThanOrEqual(9000);
  });

  it("a firmware transfer not verified in time ends expired, timed from when it was sent", async () => {
    const image = await addTestImage({ version: "9.7.0", productClasses: ["LOOP"] });
    const loop = await db().device.findFirstOrThrow({ where: { serialNumber: "LOOP-1" } });
    await db().task.updateMany({ where: { deviceId: loop.id }, data: { state: "cancelled" } });
    const { taskId } = await sendImage(actor, { deviceId: loop.id, imageId: image.id, force: true });
    const sentAt = new Date(Date.now() - 61 * 60_000);
    await db().task.update({
      where: { id: taskId },
      data: {
        state: "waiting",
        createdAt: new Date(Date.now() - 5 * 3_600_000),
        sentAt,
        expiresAt: new Date(sentAt.getTime() + 60 * 60_000),
      },
    });
    await expireOverdueTasks();
    expect(await db().task.findUniqueOrThrow({ where: { id: taskId } })).toMatchObject({
      state: "expired",
      lastError: "transfer not completed within 1 h",
    });
  });

  it("a Download with credentials that are not the grant's ends 9012", async () => {
    const image = await addTestImage({ version: "9.5.0", productClasses: [gateway.productClass] });
    const task = await queueTask(gateway.id, {
      name: "Download",
      commandKey: "bad-creds",
      fileType: FW,
      url: fileServerUrl() + imagePath(image),
      username: "tnot-a-grant",
      password: "wrong",
      fileSize: Number(image.size),
    });
    const ended = await waitFor(async () => {
      const t = await db().task.findUniqueOrThrow({ where: { id: task.id } });
      return t.state === "fault" ? t : null;
    }, 30_000);
    expect(ended.faultCode).toBe(9012);
  });

  it("asks for a configuration upload and keeps the file for the device", async () => {
    const { taskId } = await requestUpload(actor, {
      deviceId: gateway.id,
      fileType: "1 Vendor Configuration File",
    });
    await waitFor(
      async () => (await db().task.findUniqueOrThrow({ where: { id: taskId } })).state === "done",
      30_000,
    );
    const file = await db().deviceFile.findFirstOrThrow({ where: { deviceId: gateway.id, taskId } });
    expect(file.size).toBeGreaterThan(0n);
    expect(file.fileType).toBe("1 Vendor Configuration File");
  });
});

describe("bulk download", () => {
  it("sends the image to the devices it applies to; the others fail with the reason", async () => {
    const image = await addTestImage({ version: "8.2.0", productClasses: [gateway.productClass] });
    const loop = await db().device.findFirstOrThrow({ where: { serialNumber: "LOOP-1" } });
    const admin = await db().operator.findFirstOrThrow({ where: { id: actor.id } });
    const job = await createBulkJob(
      { id: admin.id, username: admin.username, role: admin.role },
      { action: { action: "download", imageId: image.id }, selection: { deviceIds: [gateway.id, loop.id] } },
    );
    const items = await waitFor(async () => {
      const rows = await db().bulkJobItem.findMany({
        where: { jobId: job.id },
        orderBy: { deviceId: "asc" },
      });
      return rows.length === 2 && rows.every((r) => r.state === "done" || r.state === "failed") ? rows : null;
    }, 30_000);
    const byDevice = new Map(items.map((i) => [i.deviceId, i]));
    expect(byDevice.get(gateway.id)?.state).toBe("done");
    expect(byDevice.get(loop.id)).toMatchObject({
      state: "failed",
      message: expect.stringContaining("not sent") as unknown,
    });
    expect((await db().device.findUniqueOrThrow({ where: { id: gateway.id } })).softwareVersion).toBe(
      "8.2.0",
    );
  });
});
