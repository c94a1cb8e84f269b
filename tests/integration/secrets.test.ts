// Secrets never leave the server: a CPE reports its Wi-Fi key and connection-request password in its
// Inform and in a GetParameterValues answer, an operator sets a new Wi-Fi key (single edit and bulk
// job), and then every procedure that returns tree, task, timeline, audit or bulk data is read as a
// viewer and as an admin. None of the secret strings may appear anywhere in what they return.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs } from "../../server/api/test-callers";
import type { AcsRequest, ParameterValue } from "../../server/cwmp/soap/types";
import { db } from "../../server/db";
import { openRequestSecrets } from "../../server/tasks/sealed-values";
import { deviceCsv } from "../../server/devices/csv";
import { queueTask } from "../../server/tasks/service";
import { ScriptedCpe, makeInform, type AcsAnswer } from "../support/scripted-cpe";
import { startTestServer, type TestServer } from "../support/test-server";

const KEY = "Device.WiFi.AccessPoint.1.Security.KeyPassphrase";
const CRP = "Device.ManagementServer.ConnectionRequestPassword";
const SERIAL = "SECRETS1";

/** Each secret is distinct, so a leak names its path. */
const SECRETS = {
  informKey: "inform-wifi-key-7Qx",
  informCrp: "inform-cr-pass-7Qx",
  gpvKey: "gpv-wifi-key-7Qx",
  gpvCrp: "gpv-cr-pass-7Qx",
  operatorKey: "operator-wifi-key-7Qx",
  bulkKey: "bulk-wifi-key-7Qx",
};

let server: TestServer;
let deviceId = 0;
let bulkJobId = 0;
let viewer: ReturnType<typeof callerAs>;
let admin: ReturnType<typeof callerAs>;

function body(step: AcsAnswer) {
  const b = step.envelope?.body;
  if (!b) throw new Error(`expected an RPC, got HTTP ${step.status} ${step.text.slice(0, 200)}`);
  return b;
}

function inform(key: string, crp: string) {
  const base = makeInform(SERIAL, ["2 PERIODIC"]);
  const secrets: ParameterValue[] = [
    { name: KEY, value: key, type: "string" },
    { name: CRP, value: crp, type: "string" },
  ];
  return { ...base, parameterList: [...base.parameterList, ...secrets] };
}

/** One session: Inform, then answer whatever the ACS asks until it has nothing more. */
async function session(values: Record<string, string>): Promise<string[]> {
  const cpe = new ScriptedCpe(server.cwmpUrl);
  const asked: string[] = [];
  try {
    const answer = await cpe.inform(inform(SECRETS.informKey, SECRETS.informCrp));
    expect(body(answer).name).toBe("InformResponse");
    let step = await cpe.empty();
    for (let i = 0; i < 20 && step.status === 200; i++) {
      const rpc = body(step);
      const id = step.envelope?.header.id ?? "1";
      asked.push(rpc.name);
      if (rpc.name === "GetParameterValues")
        step = await cpe.send(
          {
            name: "GetParameterValuesResponse",
            parameterList: rpc.parameterNames.map((name) => ({
              name,
              value: values[name] ?? "x",
              type: "string",
            })),
          },
          id,
        );
      else if (rpc.name === "SetParameterValues")
        step = await cpe.send({ name: "SetParameterValuesResponse", status: 0 }, id);
      else throw new Error(`unexpected ${rpc.name}`);
    }
    expect(step.status).toBe(204);
  } finally {
    cpe.close();
  }
  return asked;
}

beforeAll(async () => {
  server = await startTestServer({ CWMP_PROVISION_CR_CREDENTIALS: "false" });
  const make = (username: string, role: "viewer" | "admin") =>
    db().operator.create({ data: { username, passwordHash: "x", role } });
  const [v, a] = await Promise.all([make("secrets-viewer", "viewer"), make("secrets-admin", "admin")]);
  viewer = callerAs({ id: v.id, username: v.username, role: v.role });
  admin = callerAs({ id: a.id, username: a.username, role: a.role });

  // First contact: whatever provisioning queues is dropped, so the session below runs only our tasks.
  const first = new ScriptedCpe(server.cwmpUrl);
  expect(body(await first.inform(inform(SECRETS.informKey, SECRETS.informCrp))).name).toBe("InformResponse");
  deviceId = (await db().device.findFirstOrThrow({ where: { serialNumber: SERIAL } })).id;
  await db().task.deleteMany({ where: { deviceId } });
  expect((await first.empty()).status).toBe(204);
  first.close();

  // A refresh that reads both secrets, an operator's edit and a bulk job setting the Wi-Fi key.
  await queueTask(deviceId, { name: "GetParameterValues", parameterNames: [KEY, CRP] }, { createdBy: "t" });
  await admin.device.setValue({ id: deviceId, path: KEY, value: SECRETS.operatorKey });
  const job = await admin.bulk.create({
    action: { action: "set", path: KEY, value: SECRETS.bulkKey },
    selection: { deviceIds: [deviceId] },
  });
  bulkJobId = job.id;
  const asked = await session({ [KEY]: SECRETS.gpvKey, [CRP]: SECRETS.gpvCrp });
  expect(asked).toContain("GetParameterValues");
  expect(asked).toContain("SetParameterValues");
}, 60_000);

afterAll(async () => {
  await server?.close();
});

function expectNoSecret(what: string, result: unknown): void {
  const json = JSON.stringify(result, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  for (const [name, secret] of Object.entries(SECRETS))
    expect(json.includes(secret), `${what}: ${name}`).toBe(false);
}

describe("secrets never leave the server", () => {
  it("the operator's value really reached the CPE (the test would see a leak)", async () => {
    const tasks = await db().task.findMany({ where: { deviceId, name: "SetParameterValues" } });
    // Sealed at rest (tests/integration/secrets-at-rest.test.ts): opened, it is the operator's value.
    const requests = tasks.map((t) => openRequestSecrets(t.request as unknown as AcsRequest));
    expect(JSON.stringify(requests)).toContain(SECRETS.operatorKey);
  });

  it("the parameter document stores no secret value, from the Inform or from an answer", async () => {
    const device = await db().device.findUniqueOrThrow({
      where: { id: deviceId },
      select: { parameters: true },
    });
    expectNoSecret("parameters", device.parameters);
    expect(JSON.stringify(device.parameters)).toContain(KEY);
  });

  it.each([
    ["viewer", () => viewer],
    ["admin", () => admin],
  ] as const)("a %s reads no secret through any procedure", async (_role, who) => {
    const caller = who();
    const reads: [string, () => Promise<unknown>][] = [
      ["device.get", () => caller.device.get({ id: deviceId })],
      ["device.tasks", () => caller.device.tasks({ id: deviceId, limit: 200 })],
      ["device.timeline", () => caller.device.timeline({ id: deviceId, limit: 200 })],
      ["device.children root", () => caller.device.children({ id: deviceId, path: "" })],
      [
        "device.children security",
        () => caller.device.children({ id: deviceId, path: "Device.WiFi.AccessPoint.1.Security." }),
      ],
      [
        "device.children management",
        () => caller.device.children({ id: deviceId, path: "Device.ManagementServer." }),
      ],
      ["devices.list", () => caller.devices.list({})],
      ["bulk.list", () => caller.bulk.list({})],
      ["bulk.get", () => caller.bulk.get({ id: bulkJobId })],
      ["bulk.items", () => caller.bulk.items({ id: bulkJobId })],
    ];
    if (_role === "admin") reads.push(["audit.list", () => caller.audit.list({})]);
    for (const [name, read] of reads) expectNoSecret(name, await read());

    // The tree still shows that the key exists, masked.
    const level = await caller.device.children({ id: deviceId, path: "Device.WiFi.AccessPoint.1.Security." });
    expect(level.children.map((c) => c.name)).toContain("KeyPassphrase");
  });

  it("audit rows record that the secret changed, with masked values", async () => {
    const audit = await admin.audit.list({});
    const edit = audit.rows.find((r) => r.action === "device.set_value" && r.target === KEY);
    expect(edit?.after).toMatchObject({ value: "••••••••" });
    expectNoSecret("audit rows in the database", await db().auditLog.findMany());
  });

  it("the CSV export carries no secret", async () => {
    let csv = "";
    for await (const chunk of deviceCsv({})) csv += chunk;
    expect(csv).toContain(SERIAL);
    expectNoSecret("csv", csv);
  });
});
