// A scripted CPE against the real CWMP listener and a real database: session flow, tasks, faults,
// cookies and their absence, the device lock, and bad input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../server/db";
import { queueTask } from "../../server/tasks/service";
import { ScriptedCpe, makeInform } from "../support/scripted-cpe";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ CWMP_PROVISION_CR_CREDENTIALS: "true" });
});
afterAll(async () => {
  await server?.close();
});

async function deviceBySerial(serial: string) {
  return db().device.findFirstOrThrow({ where: { serialNumber: serial } });
}

describe("CWMP session", () => {
  it("bootstraps a new device: InformResponse, provisioning tasks one at a time, then 204", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl);
    const answer = await cpe.inform(makeInform("BOOT1", ["0 BOOTSTRAP", "1 BOOT"]), "42");
    expect(answer.status).toBe(200);
    expect(answer.envelope?.body).toEqual({ name: "InformResponse", maxEnvelopes: 1 });
    expect(answer.envelope?.header.id).toBe("42");
    expect(answer.text.startsWith("<?xml")).toBe(false);

    const device = await deviceBySerial("BOOT1");
    expect(device).toMatchObject({
      kind: "STB",
      softwareVersion: "1.0.0",
      subscriberId: "SUB-1",
      gatewaySerialNumber: "GW1",
    });
    expect(device.sessionId).not.toBeNull();

    // 1: connection-request credentials
    let step = await cpe.empty();
    expect(step.envelope?.body.name).toBe("SetParameterValues");
    const spv = step.envelope?.body;
    if (spv?.name !== "SetParameterValues") throw new Error("expected SetParameterValues");
    const crUser = spv.parameterList.find((p) => p.name.endsWith("ConnectionRequestUsername"))?.value;
    step = await cpe.send({ name: "SetParameterValuesResponse", status: 0 }, step.envelope?.header.id);
    // 2: names
    expect(step.envelope?.body).toEqual({
      name: "GetParameterNames",
      parameterPath: "Device.",
      nextLevel: false,
    });
    step = await cpe.send(
      {
        name: "GetParameterNamesResponse",
        parameterList: [
          { name: "Device.DeviceInfo.", writable: false },
          { name: "Device.DeviceInfo.SoftwareVersion", writable: false },
          { name: "Device.ManagementServer.PeriodicInformInterval", writable: true },
        ],
      },
      step.envelope?.header.id,
    );
    // 3: values
    expect(step.envelope?.body).toEqual({ name: "GetParameterValues", parameterNames: ["Device."] });
    step = await cpe.send(
      {
        name: "GetParameterValuesResponse",
        parameterList: [
          { name: "Device.DeviceInfo.SoftwareVersion", value: "1.0.0", type: "string" },
          { name: "Device.ManagementServer.PeriodicInformInterval", value: "300", type: "unsignedInt" },
          { name: "Device.DeviceInfo.ModelName", value: "Zapper 4K", type: "string" },
        ],
      },
      step.envelope?.header.id,
    );
    expect(step.status).toBe(204);

    const after = await deviceBySerial("BOOT1");
    expect(after.sessionId).toBeNull();
    expect(after.connectionRequestUsername).toBe(crUser);
    expect(after.modelName).toBe("Zapper 4K");
    expect(after.periodicInformInterval).toBe(300n);
    const params = after.parameters as Record<string, { v?: string; w?: boolean }>;
    expect(params["Device.ManagementServer.PeriodicInformInterval"]).toMatchObject({ v: "300", w: true });
    expect(params["Device.ManagementServer.ConnectionRequestPassword"]).toBeUndefined();
    const tasks = await db().task.findMany({ where: { deviceId: after.id }, orderBy: { id: "asc" } });
    expect(tasks.map((t) => [t.name, t.state])).toEqual([
      ["SetParameterValues", "done"],
      ["GetParameterNames", "done"],
      ["GetParameterValues", "done"],
    ]);
    const informs = await db().informEvent.findMany({ where: { deviceId: after.id } });
    expect(informs).toHaveLength(1);
    expect(informs[0]?.events).toEqual(["0 BOOTSTRAP", "1 BOOT"]);
    cpe.close();
  });

  it("runs queued work at the next inform and records a CPE fault against the task", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl);
    await cpe.inform(makeInform("FAULT1", ["1 BOOT"]));
    await drain(cpe);
    const device = await deviceBySerial("FAULT1");
    const task = await queueTask(device.id, {
      name: "SetParameterValues",
      parameterList: [{ name: "Device.Nope", value: "1", type: "string" }],
      parameterKey: "k1",
    });
    await cpe.inform(makeInform("FAULT1", ["2 PERIODIC"]));
    const step = await cpe.empty();
    expect(step.envelope?.body).toMatchObject({ name: "SetParameterValues", parameterKey: "k1" });
    const end = await cpe.send(
      {
        name: "Fault",
        faultcode: "Client",
        faultstring: "CWMP fault",
        faultCode: 9003,
        faultString: "Invalid arguments",
        setParameterValuesFault: [
          { parameterName: "Device.Nope", faultCode: 9005, faultString: "Invalid parameter name" },
        ],
      },
      step.envelope?.header.id,
    );
    expect(end.status).toBe(204);
    const stored = await db().task.findUniqueOrThrow({ where: { id: task.id } });
    expect(stored).toMatchObject({ state: "fault", faultCode: 9003 });
    const faults = await db().deviceFault.findMany({ where: { deviceId: device.id } });
    expect(faults.map((f) => f.code)).toContain(9003);
    cpe.close();
  });

  it("finds the session without cookies through the connection", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl, { cookies: false });
    await cpe.inform(makeInform("NOCOOKIE", ["1 BOOT"]));
    const device = await deviceBySerial("NOCOOKIE");
    await db().task.deleteMany({ where: { deviceId: device.id } });
    await queueTask(device.id, { name: "Reboot", commandKey: "r1" });
    const step = await cpe.empty();
    expect(step.envelope?.body).toEqual({ name: "Reboot", commandKey: "r1" });
    expect((await cpe.send({ name: "RebootResponse" }, step.envelope?.header.id)).status).toBe(204);
    cpe.close();
  });

  it("holds one session per device: a new Inform from the device takes over its idle session here", async () => {
    const first = new ScriptedCpe(server.cwmpUrl);
    const second = new ScriptedCpe(server.cwmpUrl);
    expect((await first.inform(makeInform("LOCK1", ["1 BOOT"]))).status).toBe(200);
    // A CPE runs one session at a time: a new Inform means it gave up the first one. (A lock held by
    // another ACS process is refused with 503: tests/integration/misbehaving-cpe.test.ts.)
    const taken = await second.inform(makeInform("LOCK1", ["2 PERIODIC"]));
    expect(taken.status).toBe(200);
    const device = await deviceBySerial("LOCK1");
    expect(server.cwmp.engine.sessions.size).toBe(1);
    expect(device.sessionId).not.toBeNull();
    await drain(second);
    expect((await deviceBySerial("LOCK1")).sessionId).toBeNull();
    // The old session is gone: its empty POST opens nothing and sends no work.
    expect((await first.empty()).status).toBe(204);
    first.close();
    second.close();
  });

  it("answers CPE requests, and unknown methods with fault 8000", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl);
    await cpe.inform(makeInform("REQ1", ["1 BOOT"]));
    const methods = await cpe.send({ name: "GetRPCMethods" });
    expect(methods.envelope?.body).toMatchObject({ name: "GetRPCMethodsResponse" });
    const transfer = await cpe.send({
      name: "TransferComplete",
      commandKey: "fw-1",
      faultStruct: { faultCode: 9010, faultString: "Download failed" },
      startTime: "2026-11-21T10:00:00Z",
      completeTime: "2026-11-21T10:01:00Z",
    });
    expect(transfer.envelope?.body).toEqual({ name: "TransferCompleteResponse" });
    await drain(cpe);
    const device = await deviceBySerial("REQ1");
    expect(await db().deviceEvent.count({ where: { deviceId: device.id, type: "TransferComplete" } })).toBe(
      1,
    );
    expect(await db().deviceFault.count({ where: { deviceId: device.id, code: 9010 } })).toBe(1);
    cpe.close();
  });

  it("rejects an unparseable envelope with a SOAP fault and keeps serving", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl);
    const bad = await cpe.post("<soap:Envelope><unclosed>");
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("8003");
    const good = new ScriptedCpe(server.cwmpUrl);
    expect((await good.inform(makeInform("AFTERBAD", ["1 BOOT"]))).status).toBe(200);
    await drain(good);
    cpe.close();
    good.close();
  });
});

/** Empty POSTs (answering anything the ACS asks with a generic success) until 204. */
async function drain(cpe: ScriptedCpe): Promise<void> {
  let step = await cpe.empty();
  for (let i = 0; i < 20 && step.status === 200; i++) {
    const body = step.envelope?.body;
    const reply = body ? genericAnswer(body.name) : undefined;
    if (!reply) throw new Error(`unexpected ${body?.name}`);
    step = await cpe.send(reply, step.envelope?.header.id);
  }
  expect(step.status).toBe(204);
}

function genericAnswer(name: string) {
  switch (name) {
    case "SetParameterValues":
      return { name: "SetParameterValuesResponse" as const, status: 0 };
    case "GetParameterNames":
      return { name: "GetParameterNamesResponse" as const, parameterList: [] };
    case "GetParameterValues":
      return { name: "GetParameterValuesResponse" as const, parameterList: [] };
    case "Reboot":
      return { name: "RebootResponse" as const };
    default:
      return undefined;
  }
}
