import { describe, expect, it } from "vitest";
import { completePath, MAX_COMPLETIONS } from "./completion";

const paths = (prefix: string) => completePath(prefix).map((c) => c.path);

describe("completePath", () => {
  it("completes the next segment of a service object, keeping the instance number as typed", () => {
    expect(paths("Device.Services.STBService.1.Serv")).toEqual([
      "Device.Services.STBService.1.ServiceMonitoring.",
    ]);
    expect(paths("Device.Services.STBService.7.Components.HD")).toEqual([
      "Device.Services.STBService.7.Components.HDMI.",
      "Device.Services.STBService.7.Components.HDMINumberOfEntries",
    ]);
  });

  it("offers a table's instance as 1 and a table's name ending in '.'", () => {
    expect(paths("Device.Services.STB")).toEqual(["Device.Services.STBService."]);
    expect(paths("Device.Services.STBService.")).toEqual(["Device.Services.STBService.1."]);
  });

  it("gives parameters with their type and writability, after the objects", () => {
    const got = completePath("Device.Services.STBService.1.ServiceMonitoring.Sample");
    expect(got).toEqual([
      {
        kind: "parameter",
        path: "Device.Services.STBService.1.ServiceMonitoring.SampleEnable",
        type: "boolean",
        writable: true,
      },
      {
        kind: "parameter",
        path: "Device.Services.STBService.1.ServiceMonitoring.SampleInterval",
        type: "unsignedInt",
        writable: true,
      },
      {
        kind: "parameter",
        path: "Device.Services.STBService.1.ServiceMonitoring.SampleState",
        type: "string",
        writable: false,
      },
    ]);
    const uptime = completePath("Device.DeviceInfo.UpT");
    expect(uptime).toEqual([
      { kind: "parameter", path: "Device.DeviceInfo.UpTime", type: "unsignedInt", writable: false },
    ]);
    const all = completePath("Device.ManagementServer.");
    const firstParameter = all.findIndex((c) => c.kind === "parameter");
    expect(all.slice(firstParameter).every((c) => c.kind === "parameter")).toBe(true);
  });

  it("completes the roots, ignores case, and answers nothing for unknown paths", () => {
    expect(paths("Inter")).toEqual(["InternetGatewayDevice."]);
    expect(paths("device.devicei")).toEqual([]);
    expect(paths("Device.deviceI")).toEqual(["Device.DeviceInfo."]);
    expect(paths("Device.NoSuchThing.")).toEqual([]);
  });

  it("caps the answer", () => {
    expect(completePath("Device.").length).toBe(MAX_COMPLETIONS);
    expect(completePath("Device.", 3)).toHaveLength(3);
  });
});
