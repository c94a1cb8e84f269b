// CPEs that misbehave, reproduced with the scripted CPE against the real listener and database:
// every answer is checked against its request, every task ends, a dropped or superseded session
// loses at most one attempt, and messages a CPE may not send are refused before anything is stored.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serializeEnvelope } from "../../server/cwmp/soap";
import type { AcsRequest, CwmpMessage } from "../../server/cwmp/soap/types";
import { db } from "../../server/db";
import { queueTask } from "../../server/tasks/service";
import { ScriptedCpe, makeInform, type AcsAnswer } from "../support/scripted-cpe";
import { startTestServer, waitFor, type TestServer } from "../support/test-server";

const run = promisify(execFile);

async function deviceBySerial(serial: string) {
  return db().device.findFirstOrThrow({ where: { serialNumber: serial } });
}

async function taskRow(id: number) {
  return db().task.findUniqueOrThrow({ where: { id } });
}

/** Inform, replace the device's queue with `request`, empty POST: the ACS has sent `request`. */
async function sessionWithTask(cpe: ScriptedCpe, serial: string, request: AcsRequest) {
  expect((await cpe.inform(makeInform(serial, ["1 BOOT"]))).status).toBe(200);
  const device = await deviceBySerial(serial);
  await db().task.deleteMany({ where: { deviceId: device.id } });
  const task = await queueTask(device.id, request);
  const rpc = await cpe.empty();
  expect(rpc.envelope?.body.name).toBe(request.name);
  return { device, task, rpcId: rpc.envelope?.header.id };
}

/** Inform again after a failed attempt, and find the task re-sent. */
async function resent(cpe: ScriptedCpe, serial: string, name: string): Promise<AcsAnswer> {
  expect((await cpe.inform(makeInform(serial, ["2 PERIODIC"]))).status).toBe(200);
  const rpc = await cpe.empty();
  expect(rpc.envelope?.body.name).toBe(name);
  return rpc;
}

function faultCodeOf(answer: AcsAnswer): number | undefined {
  const body = answer.envelope?.body;
  return body?.name === "Fault" ? body.faultCode : undefined;
}

const GPV: AcsRequest = { name: "GetParameterValues", parameterNames: ["Device.DeviceInfo."] };
const GPV_ANSWER = {
  name: "GetParameterValuesResponse" as const,
  parameterList: [{ name: "Device.DeviceInfo.ModelName", value: "Smuggled", type: "string" as const }],
};

describe("misbehaving CPEs", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CWMP_PROVISION_CR_CREDENTIALS: "false" });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("an empty POST instead of the answer ends the session (204) and counts an attempt", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl);
    const { device, task } = await sessionWithTask(cpe, "EMPTY-ANSWER", GPV);
    const end = await cpe.empty();
    expect(end.status).toBe(204);
    expect(await taskRow(task.id)).toMatchObject({
      state: "sent",
      attempts: 1,
      lastError: "CPE answered with an empty POST",
    });
    expect((await deviceBySerial("EMPTY-ANSWER")).sessionId).toBeNull();
    // the task is re-sent next time and completes normally
    const rpc = await resent(cpe, "EMPTY-ANSWER", "GetParameterValues");
    expect((await cpe.send(GPV_ANSWER, rpc.envelope?.header.id)).status).toBe(204);
    expect(await taskRow(task.id)).toMatchObject({ state: "done", attempts: 2 });
    expect(device.id).toBeGreaterThan(0);
    cpe.close();
  });

  it("a wrong response name ends the task as an invalid response and merges nothing", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl);
    const { task, rpcId } = await sessionWithTask(cpe, "WRONG-NAME", GPV);
    const end = await cpe.send({ name: "GetParameterNamesResponse", parameterList: [] }, rpcId);
    expect(end.status).toBe(204);
    const row = await taskRow(task.id);
    expect(row.state).toBe("fault");
    expect(row.faultString).toMatch(/^invalid response: expected GetParameterValuesResponse/);
    expect((await deviceBySerial("WRONG-NAME")).sessionId).toBeNull();
    cpe.close();
  });

  it("a wrong cwmp:ID ends the task as an invalid response and merges nothing", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl);
    const { task, rpcId } = await sessionWithTask(cpe, "WRONG-ID", GPV);
    const end = await cpe.send(GPV_ANSWER, `${rpcId ?? ""}-other`);
    expect(end.status).toBe(204);
    const row = await taskRow(task.id);
    expect(row).toMatchObject({ state: "fault", attempts: 1 });
    expect(row.faultString).toMatch(/^invalid response: cwmp:ID .* does not match/);
    const device = await deviceBySerial("WRONG-ID");
    expect(device.modelName).not.toBe("Smuggled");
    const params = device.parameters as Record<string, unknown>;
    expect(params["Device.DeviceInfo.ModelName"]).toBeUndefined();
    expect(device.sessionId).toBeNull();
    cpe.close();
  });

  it("refuses messages only the ACS sends with fault 8000 / 400 and records nothing", async () => {
    const devices = await db().device.count();
    const informs = await db().informEvent.count();
    const cpe = new ScriptedCpe(server.cwmpUrl);
    for (const body of [
      { name: "InformResponse", maxEnvelopes: 1 },
      { name: "GetParameterValues", parameterNames: ["Device."] },
      { name: "TransferCompleteResponse" },
    ] as CwmpMessage[]) {
      const text = serializeEnvelope({
        cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
        version: "1.0",
        header: { id: "acs-only-77" },
        body,
      });
      const answer = await cpe.post(text);
      expect(answer.status, body.name).toBe(400);
      expect(faultCodeOf(answer), body.name).toBe(8000);
      // the fault echoes the CPE's cwmp:ID
      expect(answer.envelope?.header.id).toBe("acs-only-77");
    }
    expect(await db().device.count()).toBe(devices);
    expect(await db().informEvent.count()).toBe(informs);
    cpe.close();
  });

  it("refuses an Inform with an empty serial or an over-long ProductClass (8003) and stores nothing", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl);
    const empty = makeInform("", ["1 BOOT"]);
    const long = makeInform("LONG-PC", ["1 BOOT"]);
    long.deviceId.productClass = "P".repeat(65);
    for (const inform of [empty, long]) {
      const answer = await cpe.inform(inform, "id-8003");
      expect(answer.status).toBe(400);
      expect(faultCodeOf(answer)).toBe(8003);
      expect(answer.envelope?.header.id).toBe("id-8003");
    }
    expect(await db().device.count({ where: { serialNumber: "" } })).toBe(0);
    expect(await db().device.count({ where: { serialNumber: "LONG-PC" } })).toBe(0);
    cpe.close();
  });

  it("refuses an unknown CWMP namespace with fault 8006 / 400", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl, { namespace: "urn:dslforum-org:cwmp-2-0" });
    const answer = await cpe.inform(makeInform("NS-2-0", ["1 BOOT"]));
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("<FaultCode>8006</FaultCode>");
    expect(await db().device.count({ where: { serialNumber: "NS-2-0" } })).toBe(0);
    cpe.close();
  });

  it("a cookieless CPE that drops mid-RPC is released at once; its new Inform succeeds", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl, { cookies: false });
    const { task } = await sessionWithTask(cpe, "DROP-1", GPV);
    cpe.dropConnection();
    await waitFor(async () => (await deviceBySerial("DROP-1")).sessionId === null, 5000, 20);
    expect(await taskRow(task.id)).toMatchObject({
      state: "sent",
      lastError: "no answer: connection closed",
    });
    const rpc = await resent(cpe, "DROP-1", "GetParameterValues");
    expect((await cpe.send(GPV_ANSWER, rpc.envelope?.header.id)).status).toBe(204);
    cpe.close();
  });

  it("keeps the session of a cookie-using CPE that opens a new connection per request", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl);
    expect((await cpe.inform(makeInform("PERCONN", ["1 BOOT"]))).status).toBe(200);
    const device = await deviceBySerial("PERCONN");
    await db().task.deleteMany({ where: { deviceId: device.id } });
    const task = await queueTask(device.id, GPV);
    cpe.dropConnection();
    const rpc = await cpe.empty();
    expect(rpc.envelope?.body.name).toBe("GetParameterValues");
    cpe.dropConnection();
    await new Promise((r) => setTimeout(r, 200));
    expect((await cpe.send(GPV_ANSWER, rpc.envelope?.header.id)).status).toBe(204);
    expect(await taskRow(task.id)).toMatchObject({ state: "done", attempts: 1, lastError: null });
    cpe.close();
  });

  it("three dropped sessions end the task as 'no answer after 3 attempts'; the next task is sent", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl, { cookies: false });
    const { device, task } = await sessionWithTask(cpe, "DROP-3", GPV);
    const next = await queueTask(device.id, { name: "Reboot", commandKey: "after-drops" });
    for (let attempt = 1; attempt <= 3; attempt++) {
      if (attempt > 1) await resent(cpe, "DROP-3", "GetParameterValues");
      cpe.dropConnection();
      await waitFor(async () => (await taskRow(task.id)).lastError !== null, 5000, 20);
      await waitFor(async () => (await deviceBySerial("DROP-3")).sessionId === null, 5000, 20);
      if (attempt < 3) await db().task.update({ where: { id: task.id }, data: { lastError: null } });
    }
    expect(await taskRow(task.id)).toMatchObject({
      state: "fault",
      faultString: "no answer after 3 attempts",
    });
    const rpc = await resent(cpe, "DROP-3", "Reboot");
    expect(rpc.envelope?.body).toEqual({ name: "Reboot", commandKey: "after-drops" });
    expect((await cpe.send({ name: "RebootResponse" }, rpc.envelope?.header.id)).status).toBe(204);
    expect(await taskRow(next.id)).toMatchObject({ state: "done" });
    cpe.close();
  });

  it("a new Inform on a new connection while an RPC is outstanding proceeds; the late answer is ignored", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl);
    const { task, rpcId } = await sessionWithTask(cpe, "NEWCONN", GPV);
    cpe.newConnection();
    const again = await cpe.inform(makeInform("NEWCONN", ["6 CONNECTION REQUEST"]));
    expect(again.status).toBe(200);
    expect(await taskRow(task.id)).toMatchObject({
      state: "sent",
      lastError: "CPE sent a new Inform instead of the answer",
    });
    // The late answer reaches the new session (same cookie jar): ignored, the session carries on and
    // re-sends the task, which the CPE now answers.
    const late = await cpe.send(GPV_ANSWER, rpcId);
    expect(late.status).toBe(200);
    expect(late.envelope?.body.name).toBe("GetParameterValues");
    expect(late.envelope?.header.id).not.toBe(rpcId);
    expect((await cpe.send(GPV_ANSWER, late.envelope?.header.id)).status).toBe(204);
    expect(await taskRow(task.id)).toMatchObject({ state: "done", attempts: 2 });
    cpe.close();
  });

  it("a new Inform on the same connection instead of the answer counts an attempt and proceeds", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl, { cookies: false });
    const { task } = await sessionWithTask(cpe, "SAMECONN", GPV);
    const rpc = await resent(cpe, "SAMECONN", "GetParameterValues");
    expect(await taskRow(task.id)).toMatchObject({
      lastError: "CPE sent a new Inform instead of the answer",
    });
    expect((await cpe.send(GPV_ANSWER, rpc.envelope?.header.id)).status).toBe(204);
    cpe.close();
  });

  it("refuses a device whose lock another ACS process holds with 503 + Retry-After", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl);
    expect((await cpe.inform(makeInform("FOREIGN-LOCK", ["1 BOOT"]))).status).toBe(200);
    const device = await deviceBySerial("FOREIGN-LOCK");
    await db().device.update({
      where: { id: device.id },
      data: {
        sessionId: "f".repeat(32),
        sessionOwner: "another-node",
        sessionExpires: new Date(Date.now() + 60_000),
      },
    });
    const other = new ScriptedCpe(server.cwmpUrl);
    const refused = await other.inform(makeInform("FOREIGN-LOCK", ["2 PERIODIC"]));
    expect(refused.status).toBe(503);
    expect(refused.headers["retry-after"]).toBeDefined();
    cpe.close();
    other.close();
  });
});

describe("CPE authentication negotiated with an empty POST", () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer({
      CWMP_AUTH: "digest",
      CWMP_USERNAME: "fleet",
      CWMP_PASSWORD: "fleet-secret",
      CWMP_PROVISION_CR_CREDENTIALS: "false",
    });
    dir = await mkdtemp(path.join(tmpdir(), "vantage-curl-"));
  });
  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("answers a session-less empty POST with the Digest challenge", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl);
    const answer = await cpe.empty();
    expect(answer.status).toBe(401);
    expect(String(answer.headers["www-authenticate"])).toMatch(/^Digest /);
    cpe.close();
  });

  it("works with curl --digest (zero-length POST first, then the Inform)", async () => {
    const file = path.join(dir, "inform.xml");
    await writeFile(
      file,
      serializeEnvelope({
        cwmpNamespace: "urn:dslforum-org:cwmp-1-0",
        version: "1.0",
        header: { id: "curl-1" },
        body: makeInform("CURL-1", ["1 BOOT"]),
      }),
    );
    const { stdout } = await run(
      "/usr/bin/curl",
      [
        "--silent",
        "--show-error",
        "--max-time",
        "10",
        "--digest",
        "-u",
        "fleet:fleet-secret",
        "-H",
        "Content-Type: text/xml",
        "--data-binary",
        `@${file}`,
        "--write-out",
        "\n%{http_code}",
        server.cwmpUrl,
      ],
      { timeout: 15_000 },
    );
    expect(stdout).toContain("InformResponse");
    expect(stdout.trim().endsWith("200")).toBe(true);
    expect(await db().device.count({ where: { serialNumber: "CURL-1" } })).toBe(1);
  });
});
