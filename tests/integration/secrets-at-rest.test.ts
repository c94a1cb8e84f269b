// Stored credentials are sealed at rest: the raw rows (read with SQL, past every Prisma default)
// hold neither the connection-request password Vantage provisioned nor a Wi-Fi key an operator
// queued, yet the connection request still authenticates with that password and the CPE receives
// the real key, also from a retried task. Default Prisma reads carry no credential column, and rows
// written in clear before sealing existed are sealed by sealLegacySecrets and keep working.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs } from "../../server/api/test-callers";
import { ha1, parseAuthorization, verifyDigest } from "../../server/cwmp/transport/digest";
import type { InformRequest, ParameterValue } from "../../server/cwmp/soap/types";
import { REDACTED } from "../../server/datamodel/secret-parameters";
import { db } from "../../server/db";
import { wakeDevice } from "../../server/devices/wake";
import { sealLegacySecrets } from "../../server/seal-legacy-secrets";
import { ScriptedCpe, makeInform, withConnectionRequestUrl } from "../support/scripted-cpe";
import { startTestServer, type TestServer } from "../support/test-server";

const KEY = "Device.WiFi.AccessPoint.1.Security.KeyPassphrase";
const CRP = "Device.ManagementServer.ConnectionRequestPassword";
const SERIAL = "ATREST1";
const OPERATOR_KEY = "operator-wifi-key-At9";
const SEALED = /^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22,}$/;

let server: TestServer;
let listener: net.Server;
let crUrl = "";
let deviceId = 0;
let admin: ReturnType<typeof callerAs>;
/** What the CPE's connection-request server accepts (the password the CPE was given). */
const accepted: { username?: string; password?: string } = {};
const seen: boolean[] = [];

function inform(events: string[]): InformRequest {
  const base = withConnectionRequestUrl(makeInform(SERIAL, events), crUrl);
  const key: ParameterValue = { name: KEY, value: "factory-key", type: "string" };
  return { ...base, parameterList: [...base.parameterList, key] };
}

/** One session: answer every RPC with success; returns the values of every SetParameterValues received. */
async function session(events: string[]): Promise<Map<string, string>[]> {
  const cpe = new ScriptedCpe(server.cwmpUrl);
  const sets: Map<string, string>[] = [];
  try {
    expect((await cpe.inform(inform(events))).status).toBe(200);
    let step = await cpe.empty();
    for (let i = 0; i < 20 && step.envelope; i++) {
      const rpc = step.envelope.body;
      const id = step.envelope.header.id;
      if (rpc.name === "SetParameterValues") {
        sets.push(new Map(rpc.parameterList.map((p) => [p.name, p.value])));
        step = await cpe.send({ name: "SetParameterValuesResponse", status: 0 }, id);
      } else if (rpc.name === "GetParameterNames")
        step = await cpe.send({ name: "GetParameterNamesResponse", parameterList: [] }, id);
      else if (rpc.name === "GetParameterValues")
        step = await cpe.send({ name: "GetParameterValuesResponse", parameterList: [] }, id);
      else throw new Error(`unexpected ${rpc.name}`);
    }
    expect(step.status).toBe(204);
  } finally {
    cpe.close();
  }
  return sets;
}

async function rawDevicePassword(): Promise<string | null> {
  const [row] = await db().$queryRaw<{ password: string | null }[]>`
    SELECT "connectionRequestPassword" AS password FROM "Device" WHERE id = ${deviceId}`;
  return row?.password ?? null;
}

async function rawTaskRequests(): Promise<string> {
  const rows = await db().$queryRaw<{ request: string }[]>`
    SELECT request::text AS request FROM "Task" WHERE "deviceId" = ${deviceId} ORDER BY id`;
  return rows.map((r) => r.request).join("\n");
}

beforeAll(async () => {
  server = await startTestServer({ CWMP_PROVISION_CR_CREDENTIALS: "true" });
  listener = net.createServer((socket) => {
    let buffer = "";
    socket.on("error", () => {});
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("latin1");
      if (!buffer.includes("\r\n\r\n")) return;
      const auth = parseAuthorization(/^authorization: (.*)$/im.exec(buffer)?.[1]?.trim());
      const ok =
        accepted.username !== undefined &&
        accepted.password !== undefined &&
        auth?.scheme === "Digest" &&
        auth.params.username === accepted.username &&
        verifyDigest(auth.params, "GET", ha1(accepted.username, "cpe-cr", accepted.password));
      seen.push(ok);
      socket.end(
        ok
          ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
          : 'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm="cpe-cr", nonce="n1", qop="auth"\r\nContent-Length: 0\r\n\r\n',
      );
    });
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  crUrl = `http://127.0.0.1:${(listener.address() as net.AddressInfo).port}/cr`;
  const op = await db().operator.create({
    data: { username: "at-rest-admin", passwordHash: "x", role: "admin" },
  });
  admin = callerAs({ id: op.id, username: op.username, role: op.role });
}, 60_000);

afterAll(async () => {
  listener?.close();
  await server?.close();
});

describe("credentials sealed at rest", () => {
  it("a provisioned connection-request password is sealed in the row and still answers Digest", async () => {
    const sets = await session(["0 BOOTSTRAP", "1 BOOT"]);
    deviceId = (await db().device.findFirstOrThrow({ where: { serialNumber: SERIAL } })).id;
    const credentials = sets.find((s) => s.has(CRP));
    const password = credentials?.get(CRP);
    expect(password).toBeTruthy();
    expect(password).not.toMatch(/^v1:/); // the CPE got the password itself, not its ciphertext
    accepted.username = credentials?.get("Device.ManagementServer.ConnectionRequestUsername");
    accepted.password = password;

    const stored = await rawDevicePassword();
    expect(stored).toMatch(SEALED);
    expect(stored).not.toContain(password!);
    expect(await rawTaskRequests()).not.toContain(password!);

    seen.length = 0;
    expect(await wakeDevice(deviceId)).toEqual({ ok: true, status: 200 });
    expect(seen).toEqual([false, true]);
  });

  it("an operator's Wi-Fi key is sealed in Task.request, masked in the console, and reaches the CPE, also retried", async () => {
    const first = await admin.device.setValue({ id: deviceId, path: KEY, value: OPERATOR_KEY });
    const [taskId] = first.taskIds;
    const raw = await rawTaskRequests();
    expect(raw).toContain(KEY);
    expect(raw).not.toContain(OPERATOR_KEY);

    // Cancelled and retried: the copy carries the same value, sealed once (never a ciphertext sealed again).
    await admin.device.cancelTask({ id: deviceId, taskId: taskId! });
    await admin.device.retryTask({ id: deviceId, taskId: taskId! });
    expect(await rawTaskRequests()).not.toContain(OPERATOR_KEY);
    const shown = JSON.stringify(await admin.device.tasks({ id: deviceId, limit: 50 }));
    expect(shown).toContain(REDACTED);
    expect(shown).not.toContain(OPERATOR_KEY);
    expect(shown).not.toMatch(/v1:[A-Za-z0-9_-]{16}:/);

    const sets = await session(["6 CONNECTION REQUEST"]);
    expect(sets.map((s) => s.get(KEY)).filter(Boolean)).toEqual([OPERATOR_KEY]);
    expect(await rawTaskRequests()).not.toContain(OPERATOR_KEY);
  });

  it("default reads carry no credential column; an explicit select still reads it", async () => {
    const device = await db().device.findFirst({ where: { id: deviceId } });
    expect(device).toHaveProperty("connectionRequestUsername");
    for (const column of ["cwmpHa1", "cwmpPendingHa1", "connectionRequestPassword"])
      expect(device).not.toHaveProperty(column);
    const operator = await db().operator.findFirst({ where: { username: "at-rest-admin" } });
    expect(operator).toHaveProperty("role", "admin");
    expect(operator).not.toHaveProperty("passwordHash");
    const selected = await db().device.findFirst({
      where: { id: deviceId },
      select: { connectionRequestPassword: true },
    });
    expect(selected?.connectionRequestPassword).toMatch(SEALED);
  });

  it("rows written in clear before sealing are sealed by sealLegacySecrets, once, and keep working", async () => {
    await db().$executeRaw`
      UPDATE "Device" SET "connectionRequestPassword" = 'legacy-cr-pass-At9' WHERE id = ${deviceId}`;
    const legacyKey = "legacy-wifi-key-At9";
    await db().task.create({
      data: {
        deviceId,
        name: "SetParameterValues",
        request: {
          name: "SetParameterValues",
          parameterList: [{ name: KEY, value: legacyKey, type: "string" }],
          parameterKey: "legacy",
        },
        createdBy: "legacy",
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    expect(await rawDevicePassword()).toBe("legacy-cr-pass-At9");
    expect(await rawTaskRequests()).toContain(legacyKey);

    const counts = await sealLegacySecrets();
    expect(counts.devices).toBe(1);
    expect(counts.tasks).toBeGreaterThanOrEqual(1);
    expect(await rawDevicePassword()).toMatch(SEALED);
    expect(await rawTaskRequests()).not.toContain(legacyKey);
    expect(await sealLegacySecrets()).toEqual({ devices: 0, tasks: 0 });

    accepted.password = "legacy-cr-pass-At9";
    seen.length = 0;
    expect(await wakeDevice(deviceId)).toEqual({ ok: true, status: 200 });
    expect(seen).toEqual([false, true]);
    const sets = await session(["6 CONNECTION REQUEST"]);
    expect(sets.map((s) => s.get(KEY)).filter(Boolean)).toEqual([legacyKey]);
  });
});
