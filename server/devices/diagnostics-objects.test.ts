// Choosing the diagnostics objects from what the device's document has.
import { describe, expect, it } from "vitest";
import { chooseDiagnosticsObjects } from "./diagnostics-objects";

describe("chooseDiagnosticsObjects", () => {
  it("falls back to the standard objects of the root when the document has none", () => {
    expect(chooseDiagnosticsObjects("InternetGatewayDevice", [])).toEqual({
      ping: "InternetGatewayDevice.IPPingDiagnostics.",
      traceroute: "InternetGatewayDevice.TraceRouteDiagnostics.",
      inDocument: [],
    });
    expect(chooseDiagnosticsObjects("Device", [])).toMatchObject({
      ping: "Device.IP.Diagnostics.IPPing.",
      traceroute: "Device.IP.Diagnostics.TraceRoute.",
    });
    expect(chooseDiagnosticsObjects("Unknown", [])).toBeNull();
    expect(chooseDiagnosticsObjects(null, [])).toBeNull();
  });

  it("finds Device:1 LAN objects and vendor-prefixed ones, and says which came from the document", () => {
    expect(chooseDiagnosticsObjects("Device", ["Device.LAN.IPPingDiagnostics."])).toEqual({
      ping: "Device.LAN.IPPingDiagnostics.",
      traceroute: "Device.IP.Diagnostics.TraceRoute.",
      inDocument: ["ping"],
    });
    expect(
      chooseDiagnosticsObjects("InternetGatewayDevice", [
        "InternetGatewayDevice.X_00D09E_IPPingDiagnostics.",
        "InternetGatewayDevice.X_00D09E_TraceRouteDiagnostics.",
      ]),
    ).toMatchObject({
      ping: "InternetGatewayDevice.X_00D09E_IPPingDiagnostics.",
      traceroute: "InternetGatewayDevice.X_00D09E_TraceRouteDiagnostics.",
    });
  });

  it("prefers the standard object when the device has it besides others, then the shallowest", () => {
    expect(
      chooseDiagnosticsObjects("Device", [
        "Device.LAN.IPPingDiagnostics.",
        "Device.IP.Diagnostics.IPPing.",
        "Device.X_V.Deep.TraceRouteDiagnostics.",
        "Device.LAN.TraceRouteDiagnostics.",
      ]),
    ).toEqual({
      ping: "Device.IP.Diagnostics.IPPing.",
      traceroute: "Device.LAN.TraceRouteDiagnostics.",
      inDocument: ["ping", "traceroute"],
    });
  });

  it("ignores objects outside the device's root and names that only look alike", () => {
    expect(
      chooseDiagnosticsObjects("Device", [
        "InternetGatewayDevice.IPPingDiagnostics.",
        "Device.LAN.IPPingDiagnosticsX.",
        "Device.IP.Diagnostics.IPPingX.",
      ]),
    ).toMatchObject({ ping: "Device.IP.Diagnostics.IPPing.", inDocument: [] });
  });
});
