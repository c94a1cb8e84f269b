// Diagnostics on the objects the device has: a Device:1 (TR-106 style) box whose tree holds only
// `Device.LAN.IPPingDiagnostics.` / `Device.LAN.TraceRouteDiagnostics.`. Starting a ping sets values
// there, the 8 DIAGNOSTICS COMPLETE read asks for that object, and the console reads results from it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs } from "../../server/api/test-callers";
import type { ParameterInfo, ParameterValue } from "../../server/cwmp/soap/types";
import { db } from "../../server/db";
import { ScriptedCpe, makeInform, type AcsAnswer } from "../support/scripted-cpe";
import { startTestServer, type TestServer } from "../support/test-server";

let server: TestServer;
let caller: ReturnType<typeof callerAs>;

const PING = "Device.LAN.IPPingDiagnostics.";
const TRACE = "Device.LAN.TraceRouteDiagnostics.";
const SERIAL = "LANDIAG1";

beforeAll(async () => {
  server = await startTestServer({ CWMP_PROVISION_CR_CREDENTIALS: "false" });
  const op = await db().operator.create({
    data: { username: "diag-helpdesk", passwordHash: "x", role: "helpdesk" },
  });
  caller = callerAs({ id: op.id, username: op.username, role: op.role });
});
afterAll(async () => {
  await server?.close();
});

const writable = ["Host", "NumberOfRepetitions", "Timeout", "DataBlockSize", "DSCP", "DiagnosticsState"];
const names: ParameterInfo[] = [
  { name: "Device.", writable: false },
  { name: "Device.DeviceInfo.", writable: false },
  { name: "Device.DeviceInfo.SoftwareVersion", writable: false },
  { name: "Device.LAN.", writable: false },
  { name: PING, writable: false },
  ...writable.map((n) => ({ name: `${PING}${n}`, writable: true })),
  ...["SuccessCount", "FailureCount", "AverageResponseTime"].map((n) => ({
    name: `${PING}${n}`,
    writable: false,
  })),
  { name: TRACE, writable: false },
  ...["Host", "MaxHopCount", "Timeout", "DiagnosticsState"].map((n) => ({
    name: `${TRACE}${n}`,
    writable: true,
  })),
];
const values: ParameterValue[] = [
  { name: "Device.DeviceInfo.SoftwareVersion", value: "1.0.0", type: "string" },
  { name: `${PING}DiagnosticsState`, value: "None", type: "string" },
  { name: `${PING}Host`, value: "", type: "string" },
  { name: `${PING}NumberOfRepetitions`, value: "4", type: "unsignedInt" },
  { name: `${PING}Timeout`, value: "1000", type: "unsignedInt" },
  { name: `${TRACE}DiagnosticsState`, value: "None", type: "string" },
];

function body(step: AcsAnswer) {
  const b = step.envelope?.body;
  if (!b) throw new Error(`expected an RPC, got HTTP ${step.status} ${step.text.slice(0, 200)}`);
  return b;
}

describe("diagnostics on the device's own paths", () => {
  it("starts a ping under Device.LAN.IPPingDiagnostics, reads and shows its results from there", async () => {
    const cpe = new ScriptedCpe(server.cwmpUrl);
    // First contact: the ACS reads names then values; the tree has only the LAN diagnostics objects.
    expect((await cpe.inform(makeInform(SERIAL, ["0 BOOTSTRAP", "1 BOOT"]))).status).toBe(200);
    let step = await cpe.empty();
    expect(body(step)).toMatchObject({ name: "GetParameterNames", parameterPath: "Device." });
    step = await cpe.send(
      { name: "GetParameterNamesResponse", parameterList: names },
      step.envelope?.header.id,
    );
    expect(body(step)).toMatchObject({ name: "GetParameterValues", parameterNames: ["Device."] });
    step = await cpe.send(
      { name: "GetParameterValuesResponse", parameterList: values },
      step.envelope?.header.id,
    );
    expect(step.status).toBe(204);
    const device = await db().device.findFirstOrThrow({ where: { serialNumber: SERIAL } });

    // The console starts a ping: the values are set under the object the device has.
    const started = await caller.device.diagnose({
      id: device.id,
      kind: "ping",
      host: "127.0.0.7",
      count: 3,
    });
    const task = await db().task.findUniqueOrThrow({ where: { id: started.taskIds[0]! } });
    expect(task.request).toMatchObject({
      name: "SetParameterValues",
      parameterList: [
        { name: `${PING}Host`, value: "127.0.0.7" },
        { name: `${PING}NumberOfRepetitions`, value: "3" },
        { name: `${PING}DiagnosticsState`, value: "Requested" },
      ],
    });

    expect((await cpe.inform(makeInform(SERIAL, ["6 CONNECTION REQUEST"]))).status).toBe(200);
    step = await cpe.empty();
    const spv = body(step);
    if (spv.name !== "SetParameterValues") throw new Error(`expected SetParameterValues, got ${spv.name}`);
    expect(spv.parameterList.every((p) => p.name.startsWith(PING))).toBe(true);
    step = await cpe.send({ name: "SetParameterValuesResponse", status: 0 }, step.envelope?.header.id);
    expect(step.status).toBe(204);

    // The CPE ran it: the DIAGNOSTICS COMPLETE read asks for the LAN objects, not the TR-181 ones.
    expect((await cpe.inform(makeInform(SERIAL, ["8 DIAGNOSTICS COMPLETE"]))).status).toBe(200);
    step = await cpe.empty();
    expect(body(step)).toEqual({ name: "GetParameterValues", parameterNames: [PING, TRACE] });
    step = await cpe.send(
      {
        name: "GetParameterValuesResponse",
        parameterList: [
          { name: `${PING}DiagnosticsState`, value: "Complete", type: "string" },
          { name: `${PING}Host`, value: "127.0.0.7", type: "string" },
          { name: `${PING}SuccessCount`, value: "3", type: "unsignedInt" },
          { name: `${PING}FailureCount`, value: "0", type: "unsignedInt" },
          { name: `${PING}AverageResponseTime`, value: "17", type: "unsignedInt" },
          { name: `${TRACE}DiagnosticsState`, value: "None", type: "string" },
        ],
      },
      step.envelope?.header.id,
    );
    expect(step.status).toBe(204);
    cpe.close();

    // The console's results come from the same object.
    const diag = await caller.device.diagnostics({ id: device.id });
    expect(diag?.ping.object).toBe(PING);
    expect(diag?.ping.values).toMatchObject({
      DiagnosticsState: "Complete",
      SuccessCount: "3",
      AverageResponseTime: "17",
    });
    expect(diag?.traceroute.object).toBe(TRACE);
  });
});
