import { describe, expect, it } from "vitest";
import {
  AUDIENCE_HIDDEN,
  assertMayTouchAudience,
  isAudienceOnlyRequest,
  mentionsAudience,
  readerFor,
  visibleTask,
  withoutAudience,
} from "./audience-visibility";

const AUD = "Device.Services.STBService.1.Applications.AudienceStats.";
const hidden = { audience: false };

describe("audience visibility", () => {
  it("reads audience.read off the role", () => {
    expect(readerFor("product")).toEqual({ audience: true });
    expect(readerFor("admin")).toEqual({ audience: true });
    for (const role of ["viewer", "helpdesk", "noc"] as const) expect(readerFor(role)).toEqual(hidden);
  });

  it("finds an audience path inside free text, case-insensitively, not a look-alike name", () => {
    expect(mentionsAudience(`Invalid parameter name '${AUD}Channel.1.Name'`)).toBe(true);
    expect(mentionsAudience("object audiencestats missing")).toBe(true);
    expect(mentionsAudience("Device.X_AudienceStatsVendor.Enable")).toBe(false);
    expect(mentionsAudience("Device.DeviceInfo.UpTime")).toBe(false);
  });

  it("takes audience entries out of any JSON, at any depth, and leaves the rest", () => {
    const value = {
      parameterNames: ["Device.DeviceInfo.", `${AUD}Channel.`],
      parameterList: [
        { name: "Device.DeviceInfo.UpTime", value: "5" },
        { name: `${AUD}Channel.1.Name`, value: "Canal Sport" },
      ],
      nested: { after: { [`${AUD}Enable`]: "true", "Device.X": "1" }, about: { path: `${AUD}Reset` } },
      when: new Date(0),
    };
    expect(withoutAudience(hidden, value)).toEqual({
      parameterNames: ["Device.DeviceInfo."],
      parameterList: [{ name: "Device.DeviceInfo.UpTime", value: "5" }],
      nested: { after: { "Device.X": "1" }, about: AUDIENCE_HIDDEN },
      when: new Date(0),
    });
    expect(withoutAudience({ audience: true }, value)).toBe(value);
    // A pathological depth is hidden, not walked without end.
    let deep: unknown = { name: "Device.DeviceInfo.UpTime" };
    for (let i = 0; i < 100; i++) deep = { inner: deep };
    expect(JSON.stringify(withoutAudience(hidden, deep))).toContain(AUDIENCE_HIDDEN);
  });

  it("lists a task only about audience paths as an audience task, a mixed one with its other paths", () => {
    const only = { name: "GetParameterValues", parameterNames: [AUD] };
    const mixed = { name: "GetParameterValues", parameterNames: [AUD, "Device.DeviceInfo."] };
    expect(isAudienceOnlyRequest(only)).toBe(true);
    expect(isAudienceOnlyRequest(mixed)).toBe(false);
    expect(isAudienceOnlyRequest({ name: "Reboot" })).toBe(false);
    const task = {
      name: "GetParameterValues",
      request: only,
      result: { x: 1 },
      faultString: "no",
      lastError: null,
    };
    expect(visibleTask(hidden, task)).toEqual({
      name: "audience task",
      request: {},
      result: null,
      faultString: AUDIENCE_HIDDEN,
      lastError: null,
    });
    expect(visibleTask(hidden, { ...task, request: mixed }).request).toEqual({
      name: "GetParameterValues",
      parameterNames: ["Device.DeviceInfo."],
    });
  });

  it("refuses writes on audience paths without audience.read", () => {
    expect(() => assertMayTouchAudience("helpdesk", [`${AUD}Enable`])).toThrow(/audience\.read/);
    expect(() => assertMayTouchAudience("helpdesk", ["Device.DeviceInfo."])).not.toThrow();
    expect(() => assertMayTouchAudience("admin", [`${AUD}Enable`])).not.toThrow();
  });
});
