import { describe, expect, it } from "vitest";
import { DEVICE_TABS, parseDeviceTab, withDeviceTab } from "./device-tab";

describe("device page tab in the URL", () => {
  it("opens the tab the URL names, and Tasks for anything else", () => {
    for (const tab of DEVICE_TABS) expect(parseDeviceTab(tab)).toBe(tab);
    expect(parseDeviceTab(null)).toBe("tasks");
    expect(parseDeviceTab("")).toBe("tasks");
    expect(parseDeviceTab("History")).toBe("tasks");
    expect(parseDeviceTab("timeline")).toBe("tasks");
    expect(parseDeviceTab("Profiles")).toBe("tasks");
  });

  it("writes the tab into the query, the default as a bare URL, keeping other parameters", () => {
    expect(withDeviceTab("", "history")).toBe("?tab=history");
    expect(withDeviceTab("tab=history", "tasks")).toBe("");
    expect(withDeviceTab("from=faults&tab=notes", "diagnostics")).toBe("?from=faults&tab=diagnostics");
    expect(withDeviceTab("from=faults&tab=notes", "tasks")).toBe("?from=faults");
    expect(withDeviceTab("from=faults", "profiles")).toBe("?from=faults&tab=profiles");
  });

  it("has a Profiles tab", () => {
    expect(parseDeviceTab("profiles")).toBe("profiles");
  });

  it("has a Software tab", () => {
    expect(parseDeviceTab("software")).toBe("software");
    expect(withDeviceTab("", "software")).toBe("?tab=software");
  });

  it("round-trips every tab through its query string", () => {
    for (const tab of DEVICE_TABS)
      expect(parseDeviceTab(new URLSearchParams(withDeviceTab("", tab)).get("tab"))).toBe(tab);
  });
});
