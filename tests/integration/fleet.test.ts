// The real simulator against the real server and database: bootstrap of a mixed fleet, connection
// requests with per-device Digest credentials, a value change applied on the device and stored,
// a CPE fault, a reboot and a firmware download with TransferComplete.
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { queueTask } from "../../server/tasks/service";
import { startFleet, type Fleet } from "../../sim";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

let server: TestServer;
let fleet: Fleet;
let files: http.Server;
let filesUrl = "";
const firmware = Buffer.from(JSON.stringify({ softwareVersion: "9.9.9-test" }));

beforeAll(async () => {
  server = await startTestServer({
    CWMP_AUTH: "digest",
    CWMP_USERNAME: "fleet",
    CWMP_PASSWORD: "fleet-pass",
  });
  files = http.createServer((req, res) => {
    if (req.url?.startsWith("/fw.bin"))
      res.writeHead(200, { "Content-Length": firmware.length }).end(firmware);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  fleet = await startFleet({
    acsUrl: server.cwmpUrl,
    devices: 6,
    seed: 7,
    username: "fleet",
    password: "fleet-pass",
    crHost: "127.0.0.1",
    crPort: 0,
    retryScale: 0.01,
    evolveEveryMs: 0,
    startSpreadMs: 200,
  });
}, 60_000);

afterAll(async () => {
  await fleet?.stop();
  await server?.close();
  files?.close();
});

async function settled(deviceId: number): Promise<void> {
  await waitFor(
    async () => (await db().task.count({ where: { deviceId, state: { in: ["queued", "sent"] } } })) === 0,
    20_000,
  );
}

describe("simulated fleet", () => {
  it("bootstraps every device: identity, kind, tree, connection-request credentials", async () => {
    await waitFor(
      async () => (await db().task.count({ where: { name: "GetParameterValues", state: "done" } })) >= 6,
      30_000,
    );
    const devices = await db().device.findMany();
    expect(devices).toHaveLength(6);
    expect(new Set(devices.map((d) => d.kind))).toEqual(new Set(["GATEWAY", "STB"]));
    for (const d of devices) {
      expect(d.connectionRequestUsername).toBeTruthy();
      expect(d.softwareVersion).not.toBe("");
      expect(Object.keys(d.parameters as object).length).toBeGreaterThan(50);
      const sim = fleet.device(d.serialNumber);
      expect(sim?.tree.get(`${d.rootObject}.ManagementServer.ConnectionRequestUsername`)).toBe(
        d.connectionRequestUsername,
      );
    }
    const stb = devices.find((d) => d.kind === "STB");
    expect(stb?.gatewaySerialNumber).toBeTruthy();
    expect(devices.some((d) => d.serialNumber === stb?.gatewaySerialNumber && d.kind === "GATEWAY")).toBe(
      true,
    );
  });

  it("wakes a device with a connection request and applies a value on it and in the database", async () => {
    const stb = await db().device.findFirstOrThrow({ where: { kind: "STB" } });
    const path = "Device.Services.STBService.1.Components.HDMI.1.ResolutionMode";
    // The box must be between sessions: a task queued while its bootstrap (or a poll) session still
    // runs is sent in that session, and no connection request is needed.
    await settled(stb.id);
    await fleet.idle(10_000);
    const before = await db().informEvent.count({
      where: { deviceId: stb.id, events: { has: "6 CONNECTION REQUEST" } },
    });
    const task = await queueTask(stb.id, {
      name: "SetParameterValues",
      parameterList: [{ name: path, value: "Manual", type: "string" }],
      parameterKey: "it-1",
    });
    await waitFor(
      async () => (await db().task.findUnique({ where: { id: task.id } }))?.state === "done",
      15_000,
    );
    expect(fleet.device(stb.serialNumber)?.tree.get(path)).toBe("Manual");
    const stored = await db().device.findUniqueOrThrow({ where: { id: stb.id } });
    expect((stored.parameters as Record<string, { v?: string }>)[path]?.v).toBe("Manual");
    expect(
      await db().informEvent.count({ where: { deviceId: stb.id, events: { has: "6 CONNECTION REQUEST" } } }),
    ).toBeGreaterThan(before);
  });

  it("records the device's fault for an invalid value", async () => {
    const stb = await db().device.findFirstOrThrow({ where: { kind: "STB" } });
    const task = await queueTask(stb.id, {
      name: "SetParameterValues",
      parameterList: [
        {
          name: "Device.Services.STBService.1.Components.HDMI.1.ResolutionMode",
          value: "Sideways",
          type: "string",
        },
      ],
      parameterKey: "it-2",
    });
    const done = await waitFor(async () => {
      const t = await db().task.findUnique({ where: { id: task.id } });
      return t?.state === "fault" ? t : null;
    }, 15_000);
    expect(done.faultCode).toBe(9003);
    expect(JSON.stringify(done.result)).toContain("9007");
  });

  it("reboots a device, which comes back with 1 BOOT and M Reboot", async () => {
    const gw = await db().device.findFirstOrThrow({ where: { kind: "GATEWAY" } });
    await settled(gw.id);
    const since = new Date();
    await queueTask(gw.id, { name: "Reboot", commandKey: "it-reboot" });
    const boot = await waitFor(
      () =>
        db().informEvent.findFirst({
          where: { deviceId: gw.id, receivedAt: { gte: since }, events: { has: "1 BOOT" } },
        }),
      20_000,
    );
    expect(boot.events).toContain("M Reboot");
    expect(boot.commandKeys).toContain("it-reboot");
  });

  it("downloads firmware, reports TransferComplete and comes back with the new version", async () => {
    const stb = await db().device.findFirstOrThrow({ where: { kind: "STB" }, orderBy: { id: "desc" } });
    await settled(stb.id);
    const sha = createHash("sha256").update(firmware).digest("hex");
    const task = await queueTask(stb.id, {
      name: "Download",
      commandKey: "fw-it",
      fileType: "1 Firmware Upgrade Image",
      url: `${filesUrl}/fw.bin?sha256=${sha}`,
      fileSize: firmware.length,
    });
    await waitFor(
      async () => (await db().device.findUnique({ where: { id: stb.id } }))?.softwareVersion === "9.9.9-test",
      20_000,
    );
    // The TransferComplete comes in the same session, after the boot Inform that reported the version.
    const event = await waitFor(
      () => db().deviceEvent.findFirst({ where: { deviceId: stb.id, type: "TransferComplete" } }),
      20_000,
    );
    expect(event.payload).toMatchObject({ commandKey: "fw-it", faultStruct: { faultCode: 0 } });
    // The TransferComplete follows the boot Inform that reports the new version; it ends the task.
    const stored = await waitFor(async () => {
      const t = await db().task.findUniqueOrThrow({ where: { id: task.id } });
      return t.state === "waiting" || t.state === "sent" ? null : t;
    }, 20_000);
    expect(stored.state).toBe("done");
    expect(stored.result).toMatchObject({ transferComplete: { commandKey: "fw-it" } });
  });
});
