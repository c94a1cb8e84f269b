import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateFacts } from "./generate";
import {
  loadFacts,
  lookupObject,
  lookupParameter,
  registerXml,
  validateValue,
  type ParamFacts,
} from "./index";

const XML_DIR = path.resolve(import.meta.dirname, "../../../shared/bbf-data-models");

describe("generated facts", () => {
  it.skipIf(!existsSync(XML_DIR))("are up to date with the BBF XML", () => {
    const fresh = generateFacts(XML_DIR);
    for (const [file, json] of Object.entries(fresh)) {
      const committed = readFileSync(new URL(`./generated/${file}`, import.meta.url), "utf8");
      expect(committed === json, `${file} is stale: run npm run datamodel`).toBe(true);
    }
  });

  it("contain no description prose", () => {
    for (const m of loadFacts()) expect(JSON.stringify(m)).not.toMatch(/description|MUST|SHOULD/);
  });
});

describe("lookupParameter", () => {
  it("mounts STBService under Device.Services and InternetGatewayDevice.Services", () => {
    for (const root of ["Device", "InternetGatewayDevice"]) {
      const hit = lookupParameter(`${root}.Services.STBService.1.Components.HDMI.2.ResolutionMode`);
      expect(hit?.pattern).toBe(`${root}.Services.STBService.{i}.Components.HDMI.{i}.ResolutionMode`);
      expect(hit?.model).toBe("STBService:1.4");
      expect(hit?.facts.e).toEqual(["Auto", "Manual"]);
      expect(hit?.facts.w).toBe(1);
    }
  });

  it("resolves TR-098 and TR-181 paths, alias segments and named types", () => {
    const pii = lookupParameter("InternetGatewayDevice.ManagementServer.PeriodicInformInterval");
    expect(pii?.facts).toMatchObject({ t: "unsignedInt", w: 1, r: [[1, null]] });
    const ip = lookupParameter("InternetGatewayDevice.LANDevice.1.Hosts.Host.[cpe-3].IPAddress");
    expect(ip?.facts).toMatchObject({ t: "string", d: "IPAddress", l: 45 });
    expect(ip?.facts.w).toBeUndefined();
    const ds = lookupParameter(
      "InternetGatewayDevice.WANDevice.1.WANDSLInterfaceConfig.DownstreamNoiseMargin",
    );
    expect(ds?.facts.t).toBe("int");
    const pk = lookupParameter("Device.ManagementServer.ParameterKey");
    expect(pk?.facts).toMatchObject({ t: "string", l: 32, fi: 1 });
    expect(lookupParameter("Device.DeviceInfo.SoftwareVersion")?.facts.an).toBe("fe");
    expect(lookupParameter("Device.ManagementServer.NoSuchThing")).toBeUndefined();
    expect(lookupParameter("Device.DeviceInfo.")).toBeUndefined();
  });

  it("finds objects and tables", () => {
    const host = lookupObject("Device.Hosts.Host.");
    expect(host?.pattern).toBe("Device.Hosts.Host.{i}.");
    expect(host?.facts.m).toBe(1);
    expect(host?.facts.ne).toBe("HostNumberOfEntries");
    const ch = lookupObject("Device.Services.STBService.1.Applications.AudienceStats.Channel.4.");
    expect(ch?.facts.m).toBe(1);
    expect(lookupObject("InternetGatewayDevice.DeviceInfo.")?.facts.m).toBeUndefined();
  });

  it("accepts vendor models registered at run time", () => {
    registerXml(`<dm:document xmlns:dm="urn:broadband-forum-org:cwmp:datamodel-1-8">
      <dataType name="Percent"><unsignedInt><range minInclusive="0" maxInclusive="100"/></unsignedInt></dataType>
      <model name="X_VANTAGE:1.0"><object name="Device.DeviceInfo." access="readOnly" minEntries="1" maxEntries="1">
        <parameter name="X_000000_Load" access="readWrite"><description>x</description>
          <syntax><dataType ref="Percent"/></syntax></parameter></object></model></dm:document>`);
    const hit = lookupParameter("Device.DeviceInfo.X_000000_Load");
    expect(hit?.facts).toMatchObject({ t: "unsignedInt", d: "Percent", r: [[0, 100]] });
    expect(lookupParameter("Device.DeviceInfo.SoftwareVersion")).toBeDefined();
  });
});

describe("validateValue", () => {
  const facts = (path: string): ParamFacts => {
    const hit = lookupParameter(path);
    if (!hit) throw new Error(`no facts for ${path}`);
    return hit.facts;
  };

  it("checks enumerations, ranges and unsigned types", () => {
    const mode = facts("Device.Services.STBService.1.Components.HDMI.1.ResolutionMode");
    expect(validateValue(mode, "Auto")).toEqual({ ok: true });
    expect(validateValue(mode, "auto")).toMatchObject({ ok: false, faultCode: 9007 });
    const pii = facts("Device.ManagementServer.PeriodicInformInterval");
    expect(validateValue(pii, "300").ok).toBe(true);
    expect(validateValue(pii, "0")).toMatchObject({ ok: false, faultCode: 9007 });
    expect(validateValue(pii, "-5")).toMatchObject({ ok: false, faultCode: 9007 });
    expect(validateValue(pii, "abc")).toMatchObject({ ok: false, faultCode: 9006 });
    expect(validateValue(pii, "4294967296")).toMatchObject({ ok: false, faultCode: 9007 });
  });

  it("checks booleans, dateTime, strings, hexBinary, base64 and lists", () => {
    const b = facts("Device.ManagementServer.PeriodicInformEnable");
    for (const v of ["0", "1", "true", "false"]) expect(validateValue(b, v).ok).toBe(true);
    expect(validateValue(b, "yes")).toMatchObject({ faultCode: 9006 });
    const dt = facts("Device.ManagementServer.PeriodicInformTime");
    expect(validateValue(dt, "2024-05-01T10:00:00Z").ok).toBe(true);
    expect(validateValue(dt, "0001-01-01T00:00:00Z").ok).toBe(true);
    expect(validateValue(dt, "2024-13-01T10:00:00Z")).toMatchObject({ faultCode: 9007 });
    expect(validateValue(dt, "yesterday")).toMatchObject({ faultCode: 9006 });
    const pk = facts("Device.ManagementServer.ParameterKey");
    expect(validateValue(pk, "x".repeat(32)).ok).toBe(true);
    expect(validateValue(pk, "x".repeat(33))).toMatchObject({ faultCode: 9007 });
    const mac = facts("InternetGatewayDevice.LANDevice.1.Hosts.Host.1.MACAddress");
    expect(validateValue(mac, "00:11:22:aa:bb:cc").ok).toBe(true);
    expect(validateValue(mac, "").ok).toBe(true);
    expect(validateValue(mac, "0011.22aa.bbcc")).toMatchObject({ faultCode: 9007 });
    expect(validateValue({ t: "hexBinary", l: 2 }, "0aFF").ok).toBe(true);
    expect(validateValue({ t: "hexBinary", l: 2 }, "0aFF00")).toMatchObject({ faultCode: 9007 });
    expect(validateValue({ t: "hexBinary" }, "0g")).toMatchObject({ faultCode: 9006 });
    expect(validateValue({ t: "base64" }, "aGVsbG8=").ok).toBe(true);
    expect(validateValue({ t: "base64" }, "aGVsbG8")).toMatchObject({ faultCode: 9006 });
    const hist = facts(
      "Device.Services.STBService.1.ServiceMonitoring.MainStream.1.PacketsLostByEventHistogramIntervals",
    );
    expect(validateValue(hist, "1,2,4,8").ok).toBe(true);
    expect(validateValue(hist, "1,0,4")).toMatchObject({ faultCode: 9007 });
    const protos = facts("Device.Services.STBService.1.Capabilities.FrontEnd.IP.StreamingControlProtocols");
    expect(validateValue(protos, "IGMP, RTSP").ok).toBe(true);
    expect(validateValue(protos, "IGMP,SIP")).toMatchObject({ faultCode: 9007 });
  });

  it("refuses read-only enumeration values only when writing", () => {
    const ds = facts("Device.IP.Diagnostics.IPPing.DiagnosticsState");
    expect(validateValue(ds, "Complete").ok).toBe(true);
    expect(validateValue(ds, "Complete", { write: true })).toMatchObject({ faultCode: 9007 });
    expect(validateValue(ds, "Requested", { write: true }).ok).toBe(true);
  });
});
