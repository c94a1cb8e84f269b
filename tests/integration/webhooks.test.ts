// Webhooks end to end: a real Vantage process, a scripted CPE and a loopback receiver. Each event is
// written by its domain's transaction and arrives signed: a device's first Inform (device.registered),
// a BOOTSTRAP (device.bootstrap, and again on a factory reset of a known device; an ordinary periodic
// Inform writes nothing), a task the CPE answers (task.done) and one it faults (task.failed).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { recordConflict } from "../../server/identity/conflicts";
import { startWebhooks } from "../../server/nbi/webhooks/service";
import { verifyWebhookSignature } from "../../server/nbi/webhooks/sign";
import { createWebhook } from "../../server/nbi/webhooks/subscriptions";
import { queueTask } from "../../server/tasks/service";
import { ScriptedCpe, makeInform } from "../support/scripted-cpe";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

interface Received {
  event: { id: string; type: string; createdAt: string; data: Record<string, unknown> };
  signed: boolean;
}

let server: TestServer;
let loop: { stop(): Promise<void> } | undefined;
let receiver: http.Server;
let secret = "";
const received: Received[] = [];
const open: ScriptedCpe[] = [];

beforeAll(async () => {
  server = await startTestServer({ CWMP_PROVISION_CR_CREDENTIALS: "false" });
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const signed = verifyWebhookSignature(secret, req.headers["vantage-signature"] as string, body);
      received.push({ event: JSON.parse(body) as Received["event"], signed });
      res.statusCode = signed ? 204 : 400;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const { port } = receiver.address() as AddressInfo;
  const admin = await db().operator.findFirstOrThrow({ where: { role: "admin" } });
  const created = await createWebhook(admin, {
    name: "oss",
    url: `http://127.0.0.1:${port}/vantage`,
    events: ["device.registered", "device.bootstrap", "task.done", "task.failed"],
  });
  secret = created.secret;
  // Its own loop, quick: whether or not start.ts runs one too (they share the work through row locks).
  loop = startWebhooks({ pollMs: 100 });
});
afterAll(async () => {
  for (const cpe of open) cpe.close();
  await loop?.stop();
  await new Promise<void>((r) => receiver.close(() => r()));
  await server?.close();
});

const ofType = (type: string, match: (d: Record<string, unknown>) => boolean = () => true) =>
  waitFor(() => Promise.resolve(received.find((r) => r.event.type === type && match(r.event.data))));

async function session(serial: string, events: string[]): Promise<ScriptedCpe> {
  const cpe = new ScriptedCpe(server.cwmpUrl);
  open.push(cpe);
  const answer = await cpe.inform(makeInform(serial, events));
  expect(answer.envelope?.body.name).toBe("InformResponse");
  return cpe;
}

/** End the session with no tasks left (provisioning's own work removed: it is not what is tested). */
async function endSession(cpe: ScriptedCpe, deviceId: number): Promise<void> {
  await db().task.deleteMany({ where: { deviceId, state: "queued" } });
  await cpe.empty();
  cpe.close();
}

describe("webhooks from the domains' transactions", () => {
  let deviceId = 0;

  it("a first Inform with BOOTSTRAP: device.registered and device.bootstrap, signed", async () => {
    const cpe = await session("WH-STB-1", ["0 BOOTSTRAP", "1 BOOT"]);
    const device = await db().device.findFirstOrThrow({ where: { serialNumber: "WH-STB-1" } });
    deviceId = device.id;
    await endSession(cpe, deviceId);
    const registered = await ofType("device.registered", (d) => d.serial === "WH-STB-1");
    expect(registered.signed).toBe(true);
    expect(registered.event.data).toEqual({
      deviceId,
      serial: "WH-STB-1",
      oui: "00D09E",
      productClass: "IPTV-STB",
    });
    expect((await ofType("device.bootstrap", (d) => d.deviceId === deviceId)).signed).toBe(true);
  });

  it("a periodic Inform writes no event; a factory reset (BOOTSTRAP again) does", async () => {
    const before = await db().outboxEvent.count({ where: { type: { startsWith: "device." } } });
    await endSession(await session("WH-STB-1", ["2 PERIODIC"]), deviceId);
    expect(await db().outboxEvent.count({ where: { type: { startsWith: "device." } } })).toBe(before);
    await endSession(await session("WH-STB-1", ["0 BOOTSTRAP"]), deviceId);
    const types = await db().outboxEvent.findMany({
      where: { type: { startsWith: "device." }, id: { gt: 0 } },
      orderBy: { id: "asc" },
      select: { type: true },
    });
    expect(types.slice(before).map((t) => t.type)).toEqual(["device.bootstrap"]);
  });

  it("a task the CPE answers: task.done; one it faults: task.failed with the fault", async () => {
    const done = await queueTask(deviceId, {
      name: "GetParameterValues",
      parameterNames: ["Device.DeviceInfo.ModelName"],
    });
    let cpe = await session("WH-STB-1", ["6 CONNECTION REQUEST"]);
    let rpc = await cpe.empty();
    expect(rpc.envelope?.body.name).toBe("GetParameterValues");
    await cpe.send(
      {
        name: "GetParameterValuesResponse",
        parameterList: [{ name: "Device.DeviceInfo.ModelName", value: "STB-9", type: "string" }],
      },
      rpc.envelope?.header.id,
    );
    cpe.close();
    const doneEvent = await ofType("task.done", (d) => d.taskId === done.id);
    expect(doneEvent.signed).toBe(true);
    expect(doneEvent.event.data).toMatchObject({ name: "GetParameterValues", deviceId, serial: "WH-STB-1" });
    // No parameter value travels in a task event (tasks may touch audience data).
    expect(JSON.stringify(doneEvent.event)).not.toContain("STB-9");

    const failed = await queueTask(deviceId, { name: "Reboot", commandKey: "wh-rb" });
    cpe = await session("WH-STB-1", ["6 CONNECTION REQUEST"]);
    rpc = await cpe.empty();
    expect(rpc.envelope?.body.name).toBe("Reboot");
    await cpe.send(
      {
        name: "Fault",
        faultcode: "Client",
        faultstring: "CWMP fault",
        faultCode: 9001,
        faultString: "Request denied",
        setParameterValuesFault: [],
      },
      rpc.envelope?.header.id,
    );
    cpe.close();
    const failedEvent = await ofType("task.failed", (d) => d.taskId === failed.id);
    expect(failedEvent.event.data).toMatchObject({
      name: "Reboot",
      state: "fault",
      faultCode: 9001,
      faultMessage: "Request denied",
    });
    // The receiver has the POST before the sender marks its row (the row stays leased until the
    // answer is recorded), so wait for the marks rather than read them at once.
    const settled = await waitFor(async () => {
      const unsettled = await db().webhookDelivery.findMany({ where: { state: { not: "delivered" } } });
      return unsettled.length === 0 ? unsettled : undefined;
    });
    expect(settled).toEqual([]);
  });

  it("an identity conflict is announced once when it opens, not at every repeated attempt", async () => {
    const attempt = {
      deviceId,
      reason: "shared credentials",
      remoteAddress: "127.0.0.1",
      eventCodes: ["0 BOOTSTRAP"],
    };
    await recordConflict(attempt);
    await recordConflict(attempt);
    const events = await db().outboxEvent.findMany({ where: { type: "device.identity_conflict" } });
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({ deviceId, serial: "WH-STB-1", reason: "shared credentials" });
  });
});
