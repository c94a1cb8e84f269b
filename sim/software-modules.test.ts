import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CpeRequest, DuOperation } from "../server/cwmp/soap/types";
import type { SimDevice } from "./device";
import { makeSimDu, readSimDu } from "./du-package";
import { handleAcsRequest } from "./rpc";
import { autonomousUninstall } from "./software-modules";
import { getParameterValues } from "./rpc-params";
import { startTestFileServer, type TestFileServer } from "./test-file-server";
import { makeDevice } from "./test-helpers";

type Complete = Extract<CpeRequest, { name: "DUStateChangeComplete" }>;
const UUID = "3f0c3b1e-7d1a-4c55-9b53-2a8f1e6d9c01";
const SM = "Device.SoftwareModules.";
let files: TestFileServer;

beforeAll(async () => {
  files = await startTestFileServer();
});
afterAll(() => files.close());

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function change(d: SimDevice, key: string, operations: DuOperation[]): Promise<Complete | undefined> {
  expect(handleAcsRequest(d, { name: "ChangeDUState", commandKey: key, operations })).toEqual({
    name: "ChangeDUStateResponse",
  });
  for (const a of d.afterSession.splice(0)) a();
  for (let i = 0; i < 200; i++) {
    const done = d.pendingRequests.find((r) => r.name === "DUStateChangeComplete" && r.commandKey === key);
    if (done) return done as Complete;
    await wait(10);
  }
  return undefined;
}

const install = (url: string, uuid = ""): DuOperation => ({
  op: "Install",
  url,
  uuid,
  username: "u1",
  password: "p1",
  executionEnvRef: "",
});

describe("deployment unit packages", () => {
  it("round-trips the header and refuses other files", () => {
    const pkg = makeSimDu({ name: "Weather & News", version: "1.2", uuid: UUID });
    expect(readSimDu(pkg)).toEqual({
      name: "Weather & News",
      version: "1.2",
      uuid: UUID,
      vendor: "Vantage Labs",
    });
    expect(readSimDu(Buffer.from("VANTAGE-SIM-DU name=x version=1 uuid=nope vendor=\n"))).toBeUndefined();
    expect(readSimDu(Buffer.from("hello"))).toBeUndefined();
  });
});

describe("SoftwareModules on the simulated STB", () => {
  it("declares ChangeDUState on STBs only and starts with an execution environment", () => {
    const stb = makeDevice("stb");
    const methods = handleAcsRequest(stb, { name: "GetRPCMethods" });
    expect(methods.name === "GetRPCMethodsResponse" && methods.methodList).toContain("ChangeDUState");
    expect(stb.get(`${SM}ExecEnv.1.Status`)).toBe("Up");
    expect(stb.get(`${SM}DeploymentUnitNumberOfEntries`)).toBe("0");
    const dng = makeDevice("dng");
    const m = handleAcsRequest(dng, {
      name: "ChangeDUState",
      commandKey: "k",
      operations: [install("http://x.invalid/")],
    });
    expect(m).toMatchObject({ name: "Fault", faultCode: 9000 });
  });

  it("installs (EU Active), starts/stops by RequestedState, updates, uninstalls; unknown UUID is 9028", async () => {
    const d = makeDevice("stb");
    const v1 = files.serve("app-1.0.du", makeSimDu({ name: "Weather", version: "1.0", uuid: UUID }));
    const done = await change(d, "inst", [install(v1)]);
    expect(done?.results).toEqual([
      expect.objectContaining({
        uuid: UUID,
        deploymentUnitRef: `${SM}DeploymentUnit.1`,
        version: "1.0",
        currentState: "Installed",
        resolved: true,
        executionUnitRefList: `${SM}ExecutionUnit.1`,
        fault: { faultCode: 0, faultString: "" },
      }),
    ]);
    expect(d.pendingEvents.map((e) => `${e.eventCode}/${e.commandKey}`)).toEqual(
      expect.arrayContaining(["11 DU STATE CHANGE COMPLETE/", "M ChangeDUState/inst"]),
    );
    expect(d.pendingEvents.some((e) => e.eventCode === "1 BOOT")).toBe(false);
    expect(d.get(`${SM}DeploymentUnit.1.Name`)).toBe("Weather");
    expect(d.get(`${SM}DeploymentUnit.1.Status`)).toBe("Installed");
    expect(d.get(`${SM}ExecutionUnit.1.Status`)).toBe("Active");
    expect(d.get(`${SM}DeploymentUnitNumberOfEntries`)).toBe("1");

    // a second install of the same UUID: 9026 duplicate
    const dup = await change(d, "dup", [install(v1)]);
    expect(dup?.results[0]?.fault.faultCode).toBe(9026);

    const spv = handleAcsRequest(d, {
      name: "SetParameterValues",
      parameterList: [{ name: `${SM}ExecutionUnit.1.RequestedState`, value: "Idle", type: "string" }],
      parameterKey: "",
    });
    expect(spv).toMatchObject({ name: "SetParameterValuesResponse", status: 0 });
    expect(d.get(`${SM}ExecutionUnit.1.Status`)).toBe("Idle");
    // a command parameter reads back empty (TR-181)
    expect(getParameterValues(d, [`${SM}ExecutionUnit.1.RequestedState`])[0]?.value).toBe("");

    const v2 = files.serve("app-2.0.du", makeSimDu({ name: "Weather", version: "2.0", uuid: UUID }));
    const upd = await change(d, "upd", [
      { op: "Update", uuid: UUID, version: "", url: v2, username: "u1", password: "p1" },
    ]);
    expect(upd?.results[0]).toMatchObject({
      version: "2.0",
      currentState: "Installed",
      fault: { faultCode: 0 },
    });
    expect(d.get(`${SM}DeploymentUnit.1.Version`)).toBe("2.0");
    expect(d.get(`${SM}ExecutionUnit.1.Version`)).toBe("2.0");

    const unknown = "00000000-0000-4000-8000-0000000000aa";
    const bad = await change(d, "bad", [
      { op: "Uninstall", uuid: unknown, version: "", executionEnvRef: "" },
    ]);
    expect(bad?.results[0]).toMatchObject({
      uuid: unknown,
      currentState: "Failed",
      fault: { faultCode: 9028 },
    });
    const badUpd = await change(d, "bad2", [
      { op: "Update", uuid: unknown, version: "", url: v2, username: "u1", password: "p1" },
    ]);
    expect(badUpd?.results[0]?.fault.faultCode).toBe(9028);

    const un = await change(d, "un", [{ op: "Uninstall", uuid: UUID, version: "", executionEnvRef: "" }]);
    expect(un?.results[0]).toMatchObject({
      uuid: UUID,
      version: "2.0",
      currentState: "Uninstalled",
      fault: { faultCode: 0 },
    });
    expect(d.get(`${SM}DeploymentUnit.1.UUID`)).toBeUndefined();
    expect(d.get(`${SM}ExecutionUnit.1.Status`)).toBeUndefined();
    expect(d.get(`${SM}DeploymentUnitNumberOfEntries`)).toBe("0");
    expect(d.get(`${SM}ExecutionUnitNumberOfEntries`)).toBe("0");
  });

  it("reports download failures of a package (unsigned 9019, not a package 9018, http_error 9010)", async () => {
    const d = makeDevice("stb");
    const pkg = makeSimDu({ name: "News", version: "1", uuid: UUID });
    let r = await change(d, "u", [install(files.serve("unsigned.du", pkg, { signature: "none" }))]);
    expect(r?.results[0]).toMatchObject({ currentState: "Failed", fault: { faultCode: 9019 } });
    r = await change(d, "n", [install(files.serve("junk.du", Buffer.from("junk")))]);
    expect(r?.results[0]?.fault.faultCode).toBe(9018);
    d.firmwareFault = "http_error";
    r = await change(d, "h", [install(files.serve("ok.du", pkg))]);
    expect(r?.results[0]?.fault).toEqual({ faultCode: 9010, faultString: "HTTP 503" });
    expect(d.get(`${SM}DeploymentUnitNumberOfEntries`)).toBe("0");
  });
});

describe("autonomous changes", () => {
  it("removes a unit on its own and queues AutonomousDUStateChangeComplete with event 12", async () => {
    const d = makeDevice("stb");
    await change(d, "i", [
      install(files.serve("auto.du", makeSimDu({ name: "Auto", version: "3", uuid: UUID }))),
    ]);
    d.pendingRequests = [];
    d.pendingEvents = [];
    expect(autonomousUninstall(d, UUID)).toBe(true);
    expect(d.get(`${SM}DeploymentUnitNumberOfEntries`)).toBe("0");
    expect(d.pendingRequests).toEqual([
      expect.objectContaining({
        name: "AutonomousDUStateChangeComplete",
        results: [
          expect.objectContaining({
            uuid: UUID,
            operationPerformed: "Uninstall",
            currentState: "Uninstalled",
          }),
        ],
      }),
    ]);
    expect(d.pendingEvents.map((e) => e.eventCode)).toContain("12 AUTONOMOUS DU STATE CHANGE COMPLETE");
    expect(autonomousUninstall(d, UUID)).toBe(false);
  });
});
