import { describe, expect, it } from "vitest";
import type { CpeResponse, CwmpFault } from "../server/cwmp/soap/types";
import { handleAcsRequest } from "./rpc";
import { makeDevice } from "./test-helpers";

const STB = "Device.Services.STBService.1.";
const fault = (r: CpeResponse | CwmpFault): CwmpFault => {
  if (r.name !== "Fault") throw new Error(`expected a fault, got ${r.name}`);
  return r;
};

describe("GetParameterValues / GetParameterNames", () => {
  it("answers full and partial paths, 9005 for unknown names", () => {
    const d = makeDevice("stb");
    const r = handleAcsRequest(d, {
      name: "GetParameterValues",
      parameterNames: ["Device.DeviceInfo.SerialNumber", `${STB}Components.HDMI.1.`],
    });
    expect(r.name).toBe("GetParameterValuesResponse");
    if (r.name !== "GetParameterValuesResponse") return;
    expect(r.parameterList[0]).toEqual({
      name: "Device.DeviceInfo.SerialNumber",
      value: d.serial,
      type: "string",
    });
    expect(r.parameterList.find((p) => p.name.endsWith("HDMI.1.ResolutionMode"))?.value).toBe("Auto");
    expect(r.parameterList.find((p) => p.name.endsWith("HDMI.1.Enable"))?.type).toBe("boolean");
    expect(
      fault(handleAcsRequest(d, { name: "GetParameterValues", parameterNames: ["Device.Nope"] })).faultCode,
    ).toBe(9005);
    const pw = handleAcsRequest(d, {
      name: "GetParameterValues",
      parameterNames: ["Device.ManagementServer.ConnectionRequestPassword"],
    });
    expect(pw.name === "GetParameterValuesResponse" && pw.parameterList[0]?.value).toBe("");
  });

  it("an added instance's own tables exist empty (GetParameterValues answers them with nothing)", () => {
    const d = makeDevice("stb");
    const added = handleAcsRequest(d, {
      name: "AddObject",
      objectName: "Device.BulkData.Profile.",
      parameterKey: "",
    });
    if (added.name !== "AddObjectResponse") throw new Error(added.name);
    const r = handleAcsRequest(d, {
      name: "GetParameterValues",
      parameterNames: [`Device.BulkData.Profile.${added.instanceNumber}.Parameter.`],
    });
    expect(r).toMatchObject({ name: "GetParameterValuesResponse", parameterList: [] });
  });

  it("GetParameterNames honours NextLevel and the empty path", () => {
    const d = makeDevice("dng");
    const root = handleAcsRequest(d, { name: "GetParameterNames", parameterPath: "", nextLevel: true });
    expect(root).toEqual({
      name: "GetParameterNamesResponse",
      parameterList: [{ name: "InternetGatewayDevice.", writable: false }],
    });
    const ms = handleAcsRequest(d, {
      name: "GetParameterNames",
      parameterPath: "InternetGatewayDevice.ManagementServer.",
      nextLevel: true,
    });
    if (ms.name !== "GetParameterNamesResponse") throw new Error(ms.name);
    const names = ms.parameterList.map((p) => p.name);
    expect(names).toContain("InternetGatewayDevice.ManagementServer.URL");
    expect(names).toContain("InternetGatewayDevice.ManagementServer.ManageableDevice.");
    expect(names).not.toContain("InternetGatewayDevice.ManagementServer.ManageableDevice.1.SerialNumber");
    expect(ms.parameterList.find((p) => p.name.endsWith(".URL"))?.writable).toBe(true);
    const all = handleAcsRequest(d, {
      name: "GetParameterNames",
      parameterPath: "InternetGatewayDevice.ManagementServer.",
      nextLevel: false,
    });
    if (all.name !== "GetParameterNamesResponse") throw new Error(all.name);
    expect(all.parameterList.map((p) => p.name)).toContain(
      "InternetGatewayDevice.ManagementServer.ManageableDevice.1.SerialNumber",
    );
    expect(all.parameterList[0]?.name).toBe("InternetGatewayDevice.ManagementServer.");
    expect(
      fault(
        handleAcsRequest(d, {
          name: "GetParameterNames",
          parameterPath: "InternetGatewayDevice.ManagementServer.URL",
          nextLevel: true,
        }),
      ).faultCode,
    ).toBe(9003);
    expect(
      fault(
        handleAcsRequest(d, {
          name: "GetParameterNames",
          parameterPath: "InternetGatewayDevice.Foo.",
          nextLevel: true,
        }),
      ).faultCode,
    ).toBe(9005);
  });
});

describe("SetParameterValues", () => {
  it("is atomic and reports every bad item under 9003", () => {
    const d = makeDevice("stb");
    const r = fault(
      handleAcsRequest(d, {
        name: "SetParameterValues",
        parameterKey: "k1",
        parameterList: [
          { name: `${STB}Components.HDMI.1.ResolutionMode`, value: "Manual", type: "string" },
          { name: "Device.DeviceInfo.Nope", value: "x", type: "string" },
          { name: "Device.DeviceInfo.SerialNumber", value: "x", type: "string" },
          { name: "Device.ManagementServer.PeriodicInformInterval", value: "abc", type: "unsignedInt" },
          { name: "Device.ManagementServer.PeriodicInformEnable", value: "1", type: "int" },
          { name: `${STB}ServiceMonitoring.SampleInterval`, value: "0", type: "unsignedInt" },
        ],
      }),
    );
    expect(r.faultCode).toBe(9003);
    expect(r.setParameterValuesFault.map((f) => [f.parameterName.split(".").pop(), f.faultCode])).toEqual([
      ["Nope", 9005],
      ["SerialNumber", 9008],
      ["PeriodicInformInterval", 9006],
      ["PeriodicInformEnable", 9006],
      ["SampleInterval", 9007],
    ]);
    expect(d.get(`${STB}Components.HDMI.1.ResolutionMode`)).toBe("Auto");
    expect(d.ms("ParameterKey")).toBe("");
  });

  it("applies all values, sets ParameterKey and returns Status 0", () => {
    const d = makeDevice("stb");
    const r = handleAcsRequest(d, {
      name: "SetParameterValues",
      parameterKey: "pk-42",
      parameterList: [
        { name: `${STB}Components.HDMI.1.ResolutionMode`, value: "Manual", type: "string" },
        { name: `${STB}Components.HDMI.1.ResolutionValue`, value: "1280x720p50Hz", type: "string" },
        { name: "Device.ManagementServer.PeriodicInformInterval", value: "600", type: "unsignedInt" },
        { name: "Device.ManagementServer.PeriodicInformEnable", value: "1", type: "boolean" },
      ],
    });
    expect(r).toEqual({ name: "SetParameterValuesResponse", status: 0 });
    expect(d.get(`${STB}Components.HDMI.1.ResolutionMode`)).toBe("Manual");
    expect(d.ms("PeriodicInformInterval")).toBe("600");
    expect(d.ms("PeriodicInformEnable")).toBe("true");
    expect(d.ms("ParameterKey")).toBe("pk-42");
  });
});

describe("attributes", () => {
  it("sets notification, refuses forced-active changes with 9009", () => {
    const d = makeDevice("stb");
    const sv = "Device.DeviceInfo.SoftwareVersion";
    const set = (name: string, notification: number) =>
      handleAcsRequest(d, {
        name: "SetParameterAttributes",
        parameterList: [
          { name, notificationChange: true, notification, accessListChange: false, accessList: [] },
        ],
      });
    expect(set(`${STB}ServiceMonitoring.SampleState`, 2).name).toBe("SetParameterAttributesResponse");
    expect(fault(set(sv, 0)).faultCode).toBe(9009);
    expect(fault(set("Device.DeviceInfo.Nope", 1)).faultCode).toBe(9005);
    const got = handleAcsRequest(d, {
      name: "GetParameterAttributes",
      parameterNames: [sv, `${STB}ServiceMonitoring.SampleState`],
    });
    if (got.name !== "GetParameterAttributesResponse") throw new Error(got.name);
    expect(got.parameterList.map((p) => p.notification)).toEqual([2, 2]);
  });
});

describe("objects", () => {
  it("AddObject creates an instance with defaults; DeleteObject removes it", () => {
    const d = makeDevice("dng");
    const table = "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.";
    const count = "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnectionNumberOfEntries";
    const r = handleAcsRequest(d, { name: "AddObject", objectName: table, parameterKey: "add1" });
    expect(r).toEqual({ name: "AddObjectResponse", instanceNumber: 1, status: 0 });
    expect(d.get(`${table}1.Enable`)).toBe("false");
    expect(d.get(`${table}1.ConnectionStatus`)).toBe("Unconfigured");
    expect(d.get(count)).toBe("1");
    expect(d.ms("ParameterKey")).toBe("add1");
    const r2 = handleAcsRequest(d, { name: "AddObject", objectName: table, parameterKey: "add2" });
    expect(r2).toMatchObject({ instanceNumber: 2 });
    const del = handleAcsRequest(d, { name: "DeleteObject", objectName: `${table}1.`, parameterKey: "del" });
    expect(del).toEqual({ name: "DeleteObjectResponse", status: 0 });
    expect(d.get(`${table}1.Enable`)).toBeUndefined();
    expect(d.get(count)).toBe("1");
    expect(d.ms("ParameterKey")).toBe("del");
    const again = handleAcsRequest(d, { name: "DeleteObject", objectName: `${table}1.`, parameterKey: "" });
    expect(fault(again).faultCode).toBe(9005);
    const notTable = handleAcsRequest(d, {
      name: "AddObject",
      objectName: "InternetGatewayDevice.DeviceInfo.",
      parameterKey: "",
    });
    expect(fault(notTable).faultCode).toBe(9005);
  });

  it("refuses AddObject on tables only the CPE fills", () => {
    const d = makeDevice("stb");
    const table = `${STB}Applications.AudienceStats.Channel.`;
    expect(
      fault(handleAcsRequest(d, { name: "AddObject", objectName: table, parameterKey: "" })).faultCode,
    ).toBe(9001);
  });
});

describe("other RPCs", () => {
  it("Reboot and FactoryReset act after the session", async () => {
    const d = makeDevice("dng");
    d.bootstrapped = true;
    const booted = d.bootedAt;
    expect(handleAcsRequest(d, { name: "Reboot", commandKey: "rb1" })).toEqual({ name: "RebootResponse" });
    expect(d.afterSession).toHaveLength(1);
    for (const a of d.afterSession) a();
    await new Promise((r) => setTimeout(r, 20));
    expect(d.pendingEvents).toEqual([
      { eventCode: "1 BOOT", commandKey: "" },
      { eventCode: "M Reboot", commandKey: "rb1" },
    ]);
    expect(d.bootedAt).toBeGreaterThanOrEqual(booted);
    d.afterSession = [];
    handleAcsRequest(d, { name: "FactoryReset" });
    for (const a of d.afterSession) a();
    await new Promise((r) => setTimeout(r, 20));
    expect(d.informEvents().map((e) => e.eventCode)).toContain("0 BOOTSTRAP");
  });

  it("GetRPCMethods, queued transfers, CancelTransfer and unsupported methods", () => {
    const d = makeDevice("stb");
    const m = handleAcsRequest(d, { name: "GetRPCMethods" });
    expect(m.name === "GetRPCMethodsResponse" && m.methodList).toContain("Download");
    const download = {
      name: "Download",
      commandKey: "fw1",
      fileType: "1 Firmware Upgrade Image",
      url: "http://127.0.0.1:1/fw-3.3.0.bin",
      username: "",
      password: "",
      fileSize: 0,
      targetFileName: "",
      delaySeconds: 0,
      successUrl: "",
      failureUrl: "",
    } as const;
    const dl = handleAcsRequest(d, download);
    expect(dl).toMatchObject({ name: "DownloadResponse", status: 1 });
    // The same Download again (its response was lost, the ACS re-sent it): one transfer, not two.
    const again = handleAcsRequest(d, download);
    expect(again).toMatchObject({ name: "DownloadResponse", status: 1 });
    expect(handleAcsRequest(d, { name: "GetQueuedTransfers" })).toEqual({
      name: "GetQueuedTransfersResponse",
      transferList: [{ commandKey: "fw1", state: 1 }],
    });
    expect(handleAcsRequest(d, { name: "GetAllQueuedTransfers" })).toMatchObject({
      transferList: [{ commandKey: "fw1", isDownload: true, fileType: "1 Firmware Upgrade Image" }],
    });
    d.transfers[0]!.state = 2;
    expect(fault(handleAcsRequest(d, { name: "CancelTransfer", commandKey: "fw1" })).faultCode).toBe(9021);
    d.transfers[0]!.state = 1;
    expect(handleAcsRequest(d, { name: "CancelTransfer", commandKey: "fw1" })).toEqual({
      name: "CancelTransferResponse",
    });
    expect(d.transfers).toHaveLength(0);
    expect(fault(handleAcsRequest(d, { name: "GetOptions", optionName: "x" })).faultCode).toBe(9000);
    expect(fault(handleAcsRequest(d, { name: "SetVouchers", voucherList: [] })).faultCode).toBe(9000);
  });

  it("injects 9002 at the configured fault rate", () => {
    const d = makeDevice("stb");
    expect(fault(handleAcsRequest(d, { name: "GetRPCMethods" }, { faultRate: 1 })).faultCode).toBe(9002);
  });

  it("diagnostics complete after the session with 8 DIAGNOSTICS COMPLETE", async () => {
    const d = makeDevice("stb");
    const ping = "Device.IP.Diagnostics.IPPing.";
    const requested: string[] = [];
    d.requestSession = (events) => requested.push(...events.map((e) => e.eventCode));
    handleAcsRequest(d, {
      name: "SetParameterValues",
      parameterKey: "",
      parameterList: [
        { name: `${ping}Host`, value: "iptv.example", type: "string" },
        { name: `${ping}DiagnosticsState`, value: "Requested", type: "string" },
      ],
    });
    expect(
      fault(
        handleAcsRequest(d, {
          name: "SetParameterValues",
          parameterKey: "",
          parameterList: [{ name: `${ping}DiagnosticsState`, value: "Complete", type: "string" }],
        }),
      ).setParameterValuesFault[0]?.faultCode,
    ).toBe(9007);
    for (const a of d.afterSession) a();
    await new Promise((r) => setTimeout(r, 30));
    expect(d.get(`${ping}DiagnosticsState`)).toBe("Complete");
    expect(Number(d.get(`${ping}SuccessCount`)) + Number(d.get(`${ping}FailureCount`))).toBe(4);
    expect(requested).toContain("8 DIAGNOSTICS COMPLETE");
  });
});
