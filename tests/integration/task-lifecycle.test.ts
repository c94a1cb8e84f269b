// Tasks always end, driven by a scripted CPE against the real CWMP listener and database: work done
// without an answer is completed from Inform evidence (never re-sent), transfers wait for their
// TransferComplete and firmware is checked against SoftwareVersion after the boot, a cancelled task
// stays cancelled when its late answer arrives, a CPE fault (9000 included) ends the task at once,
// and a sent task found at the attempts cap ends so the next one runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InformRequest } from "../../server/cwmp/soap/types";
import { db } from "../../server/db";
import { cancelDeviceTask } from "../../server/devices/actions";
import { queueTask } from "../../server/tasks/service";
import { ScriptedCpe, makeInform, type AcsAnswer } from "../support/scripted-cpe";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let operatorId = 0;
const open: ScriptedCpe[] = [];

beforeAll(async () => {
  server = await startTestServer({ CWMP_PROVISION_CR_CREDENTIALS: "false" });
  operatorId = (await db().operator.create({ data: { username: "noc-b", passwordHash: "x", role: "noc" } }))
    .id;
});
afterAll(async () => {
  for (const cpe of open) cpe.close();
  await server?.close();
});

type Event = InformRequest["events"][number];
const ev = (eventCode: string, commandKey = ""): Event => ({ eventCode, commandKey });

function informOf(serial: string, events: Event[], softwareVersion: string): InformRequest {
  const inform = makeInform(serial, []);
  return {
    ...inform,
    events,
    parameterList: inform.parameterList.map((p) =>
      p.name.endsWith(".SoftwareVersion") ? { ...p, value: softwareVersion } : p,
    ),
  };
}

/** A new session: the Inform is answered; the CPE now holds the device's lock. */
async function session(serial: string, events: Event[], softwareVersion = "1.0.0"): Promise<ScriptedCpe> {
  const cpe = new ScriptedCpe(server.cwmpUrl);
  open.push(cpe);
  const answer = await cpe.inform(informOf(serial, events, softwareVersion));
  expect(answer.status).toBe(200);
  expect(answer.envelope?.body.name).toBe("InformResponse");
  return cpe;
}

/** The CPE goes away mid-RPC (reboots, crashes): connection gone, its lock lapses. */
async function drop(cpe: ScriptedCpe, deviceId: number): Promise<void> {
  cpe.close();
  await db().device.update({
    where: { id: deviceId },
    data: { sessionExpires: new Date(Date.now() - 1000) },
  });
}

/** A known device with an empty queue and no session. */
async function register(serial: string): Promise<number> {
  const cpe = await session(serial, [ev("2 PERIODIC")]);
  const device = await db().device.findFirstOrThrow({ where: { serialNumber: serial } });
  await db().task.deleteMany({ where: { deviceId: device.id } });
  expect((await cpe.empty()).status).toBe(204);
  cpe.close();
  return device.id;
}

const rpcName = (a: AcsAnswer) => a.envelope?.body.name;
const taskRow = (id: number) => db().task.findUniqueOrThrow({ where: { id } });

describe("tasks always end", () => {
  it("a Reboot without RebootResponse is done from 1 BOOT + M Reboot <key>, never re-sent", async () => {
    const deviceId = await register("LC-REBOOT");
    const task = await queueTask(deviceId, { name: "Reboot", commandKey: "rb-1" });
    let cpe = await session("LC-REBOOT", [ev("6 CONNECTION REQUEST")]);
    expect((await cpe.empty()).envelope?.body).toEqual({ name: "Reboot", commandKey: "rb-1" });
    await drop(cpe, deviceId);

    cpe = await session("LC-REBOOT", [ev("1 BOOT"), ev("M Reboot", "rb-1")]);
    expect(await taskRow(task.id)).toMatchObject({ state: "done", result: { evidence: "M Reboot rb-1" } });
    const next = await cpe.empty();
    expect(next.status).toBe(204);
    expect((await taskRow(task.id)).attempts).toBe(1);
  });

  it("a FactoryReset is done when the device comes back with 0 BOOTSTRAP", async () => {
    const deviceId = await register("LC-RESET");
    const task = await queueTask(deviceId, { name: "FactoryReset" });
    let cpe = await session("LC-RESET", [ev("2 PERIODIC")]);
    expect(rpcName(await cpe.empty())).toBe("FactoryReset");
    await drop(cpe, deviceId);

    cpe = await session("LC-RESET", [ev("0 BOOTSTRAP"), ev("1 BOOT")]);
    expect(await taskRow(task.id)).toMatchObject({ state: "done", result: { evidence: "0 BOOTSTRAP" } });
    // Bootstrap provisioning runs next; the reset is not sent again.
    const next = await cpe.empty();
    expect(rpcName(next)).not.toBe("FactoryReset");
  });

  it("Download Status 1 waits; a TransferComplete with fault 9010 ends it with that code and string", async () => {
    const deviceId = await register("LC-DL");
    const task = await queueTask(deviceId, {
      name: "Download",
      commandKey: "dl-1",
      fileType: "3 Vendor Configuration File",
      url: "http://127.0.0.1:9/config.bin",
    });
    let cpe = await session("LC-DL", [ev("2 PERIODIC")]);
    const rpc = await cpe.empty();
    expect(rpcName(rpc)).toBe("Download");
    const after = await cpe.send(
      {
        name: "DownloadResponse",
        status: 1,
        startTime: "0001-01-01T00:00:00Z",
        completeTime: "0001-01-01T00:00:00Z",
      },
      rpc.envelope?.header.id,
    );
    expect(after.status).toBe(204);
    expect((await taskRow(task.id)).state).toBe("waiting");
    cpe.close();

    cpe = await session("LC-DL", [ev("7 TRANSFER COMPLETE"), ev("M Download", "dl-1")]);
    const ack = await cpe.send({
      name: "TransferComplete",
      commandKey: "dl-1",
      faultStruct: { faultCode: 9010, faultString: "Download failed: HTTP 404" },
      startTime: "2026-11-21T10:00:00Z",
      completeTime: "2026-11-21T10:00:05Z",
    });
    expect(ack.envelope?.body).toEqual({ name: "TransferCompleteResponse" });
    expect((await cpe.empty()).status).toBe(204);
    expect(await taskRow(task.id)).toMatchObject({
      state: "fault",
      faultCode: 9010,
      faultString: "Download failed: HTTP 404",
    });
    expect(await db().deviceFault.count({ where: { deviceId, taskId: task.id, code: 9010 } })).toBe(1);
  });

  async function firmwareDownload(serial: string, key: string) {
    const deviceId = await register(serial);
    const task = await queueTask(deviceId, {
      name: "Download",
      commandKey: key,
      fileType: "1 Firmware Upgrade Image",
      url: "http://127.0.0.1:9/fw.bin",
    });
    const cpe = await session(serial, [ev("2 PERIODIC")], "1.0.0");
    const rpc = await cpe.empty();
    expect(rpcName(rpc)).toBe("Download");
    await cpe.send(
      {
        name: "DownloadResponse",
        status: 1,
        startTime: "0001-01-01T00:00:00Z",
        completeTime: "0001-01-01T00:00:00Z",
      },
      rpc.envelope?.header.id,
    );
    cpe.close();
    expect(await taskRow(task.id)).toMatchObject({
      state: "waiting",
      result: { softwareVersionBefore: "1.0.0" },
    });
    return { deviceId, task };
  }

  const transferOk = (commandKey: string) =>
    ({
      name: "TransferComplete",
      commandKey,
      faultStruct: { faultCode: 0, faultString: "" },
      startTime: "2026-11-21T10:00:00Z",
      completeTime: "2026-11-21T10:00:05Z",
    }) as const;

  it("firmware: TransferComplete 0 after a BOOT that still reports the old version is a fault", async () => {
    const { task } = await firmwareDownload("LC-FW-SAME", "fw-same");
    const cpe = await session(
      "LC-FW-SAME",
      [ev("1 BOOT"), ev("M Download", "fw-same"), ev("7 TRANSFER COMPLETE")],
      "1.0.0",
    );
    await cpe.send(transferOk("fw-same"));
    expect((await cpe.empty()).status).toBe(204);
    expect(await taskRow(task.id)).toMatchObject({
      state: "fault",
      faultString: "firmware not applied: SoftwareVersion still 1.0.0",
    });
  });

  it("firmware: TransferComplete 0 before the reboot waits; the BOOT with a new version makes it done", async () => {
    const { task } = await firmwareDownload("LC-FW-NEW", "fw-new");
    let cpe = await session("LC-FW-NEW", [ev("7 TRANSFER COMPLETE"), ev("M Download", "fw-new")], "1.0.0");
    await cpe.send(transferOk("fw-new"));
    expect((await cpe.empty()).status).toBe(204);
    cpe.close();
    expect((await taskRow(task.id)).state).toBe("waiting");

    cpe = await session("LC-FW-NEW", [ev("1 BOOT")], "2.0.0");
    expect(await taskRow(task.id)).toMatchObject({
      state: "done",
      result: { softwareVersionBefore: "1.0.0", softwareVersionAfter: "2.0.0" },
    });
    expect((await cpe.empty()).status).toBe(204);
  });

  it("firmware: Status 0 (applied at once) is not done until the BOOT reports a new version", async () => {
    const deviceId = await register("LC-FW-NOW");
    const task = await queueTask(deviceId, {
      name: "Download",
      commandKey: "fw-now",
      fileType: "1 Firmware Upgrade Image",
      url: "http://127.0.0.1:9/fw.bin",
    });
    let cpe = await session("LC-FW-NOW", [ev("2 PERIODIC")], "1.0.0");
    const rpc = await cpe.empty();
    expect(rpcName(rpc)).toBe("Download");
    const next = await cpe.send(
      {
        name: "DownloadResponse",
        status: 0,
        startTime: "2026-11-21T10:00:00Z",
        completeTime: "2026-11-21T10:00:09Z",
      },
      rpc.envelope?.header.id,
    );
    expect(next.status).toBe(204);
    cpe.close();
    expect(await taskRow(task.id)).toMatchObject({
      state: "waiting",
      result: { softwareVersionBefore: "1.0.0", transferComplete: { faultStruct: { faultCode: 0 } } },
    });
    // The boot still reports the old version: the image was not applied after all.
    cpe = await session("LC-FW-NOW", [ev("1 BOOT")], "1.0.0");
    expect(await taskRow(task.id)).toMatchObject({
      state: "fault",
      faultString: "firmware not applied: SoftwareVersion still 1.0.0",
    });
    expect((await cpe.empty()).status).toBe(204);
  });

  it("a sent task cancelled by an operator stays cancelled when its late answer arrives; nothing merged", async () => {
    const deviceId = await register("LC-CANCEL");
    const task = await queueTask(deviceId, {
      name: "GetParameterValues",
      parameterNames: ["Device.DeviceInfo.ModelName"],
    });
    const cpe = await session("LC-CANCEL", [ev("2 PERIODIC")]);
    const rpc = await cpe.empty();
    expect(rpcName(rpc)).toBe("GetParameterValues");
    const cancelled = await cancelDeviceTask({ id: operatorId, username: "noc-b" }, deviceId, task.id);
    expect(cancelled.state).toBe("cancelled");

    const next = await cpe.send(
      {
        name: "GetParameterValuesResponse",
        parameterList: [{ name: "Device.DeviceInfo.ModelName", value: "Late Model", type: "string" }],
      },
      rpc.envelope?.header.id,
    );
    expect(next.status).toBe(204);
    const stored = await taskRow(task.id);
    expect(stored.state).toBe("cancelled");
    expect(stored.result).toMatchObject({ lateAnswer: { name: "GetParameterValuesResponse" } });
    const device = await db().device.findUniqueOrThrow({ where: { id: deviceId } });
    expect(JSON.stringify(device.parameters)).not.toContain("Late Model");
    expect(device.modelName).not.toBe("Late Model");
  });

  it("Fault 9000 (method not supported) ends the task at once; it is not re-sent", async () => {
    const deviceId = await register("LC-9000");
    const task = await queueTask(deviceId, { name: "GetQueuedTransfers" });
    let cpe = await session("LC-9000", [ev("2 PERIODIC")]);
    const rpc = await cpe.empty();
    expect(rpcName(rpc)).toBe("GetQueuedTransfers");
    const next = await cpe.send(
      {
        name: "Fault",
        faultcode: "Client",
        faultstring: "CWMP fault",
        faultCode: 9000,
        faultString: "Method not supported",
        setParameterValuesFault: [],
      },
      rpc.envelope?.header.id,
    );
    expect(next.status).toBe(204);
    expect(await taskRow(task.id)).toMatchObject({ state: "fault", faultCode: 9000, attempts: 1 });
    cpe.close();
    cpe = await session("LC-9000", [ev("2 PERIODIC")]);
    expect((await cpe.empty()).status).toBe(204);
  });

  it("a fault code past int4 (4294967295) still ends the task, stored as 0 with the answer kept", async () => {
    const deviceId = await register("LC-BIGFAULT");
    const task = await queueTask(deviceId, { name: "GetQueuedTransfers" });
    const cpe = await session("LC-BIGFAULT", [ev("2 PERIODIC")]);
    const rpc = await cpe.empty();
    const next = await cpe.send(
      {
        name: "Fault",
        faultcode: "Client",
        faultstring: "CWMP fault",
        faultCode: 4294967295,
        faultString: "Vendor fault",
        setParameterValuesFault: [],
      },
      rpc.envelope?.header.id,
    );
    expect(next.status).toBe(204);
    expect(await taskRow(task.id)).toMatchObject({
      state: "fault",
      faultCode: 0,
      result: { faultCode: 4294967295 },
    });
    cpe.close();
  });

  it("a sent task at the attempts cap is ended by the claim and the next task is sent", async () => {
    const deviceId = await register("LC-CAP");
    const stuck = await queueTask(deviceId, { name: "GetRPCMethods" });
    const next = await queueTask(deviceId, {
      name: "GetParameterValues",
      parameterNames: ["Device.DeviceInfo."],
    });
    await db().task.update({ where: { id: stuck.id }, data: { state: "sent", attempts: 3 } });
    const cpe = await session("LC-CAP", [ev("2 PERIODIC")]);
    const rpc = await cpe.empty();
    expect(rpc.envelope?.body).toEqual({
      name: "GetParameterValues",
      parameterNames: ["Device.DeviceInfo."],
    });
    expect(await taskRow(stuck.id)).toMatchObject({
      state: "fault",
      faultString: "no answer after 3 attempts",
    });
    expect((await taskRow(next.id)).state).toBe("sent");
  });
});
