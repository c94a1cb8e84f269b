// The value field's schema refuses what the server's edit check refuses (both run validateValue over
// the same facts); facts below are the data models' for the paths named.
import { describe, expect, it } from "vitest";
import type { TreeChild } from "./use-device";
import { valueSchema } from "./value-check";

function leaf(path: string, facts: TreeChild["facts"], entry: TreeChild["entry"] = null): TreeChild {
  return {
    path,
    name: path.split(".").pop() ?? path,
    object: false,
    descendants: 0,
    entry,
    facts,
    modelWritable: facts?.w === 1,
    multiInstance: false,
  };
}

const interval = leaf("Device.ManagementServer.PeriodicInformInterval", {
  pattern: "Device.ManagementServer.PeriodicInformInterval",
  t: "unsignedInt",
  w: 1,
  r: [[1, null]],
});
const mode = leaf("Device.Services.STBService.1.Components.HDMI.1.ResolutionMode", {
  pattern: "Device.Services.STBService.{i}.Components.HDMI.{i}.ResolutionMode",
  t: "string",
  w: 1,
  e: ["Auto", "Manual"],
});

const messages = (child: TreeChild, value: string) => {
  const result = valueSchema(child).safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
};

describe("valueSchema", () => {
  it("refuses a number outside the model's range, with the data model's words", () => {
    expect(messages(interval, "0")).toEqual([expect.stringContaining("0 outside [1:]")]);
    expect(messages(interval, "0")[0]).toMatch(/^Invalid value: .*fault 9007/);
    expect(messages(interval, "-5")).toHaveLength(1);
    expect(messages(interval, "4294967296")).toHaveLength(1);
    expect(messages(interval, "ten")).toHaveLength(1);
  });

  it("accepts values in range, up to the top of unsignedInt", () => {
    expect(messages(interval, "1")).toEqual([]);
    expect(messages(interval, "300")).toEqual([]);
    expect(messages(interval, "4294967295")).toEqual([]);
  });

  it("refuses a value outside an enumeration", () => {
    expect(messages(mode, "Manual")).toEqual([]);
    expect(messages(mode, "Sideways")).toEqual([
      expect.stringContaining('"Sideways" not one of Auto|Manual'),
    ]);
  });

  it("checks a vendor parameter by the type the CPE reported", () => {
    const vendor = leaf("Device.X_VENDOR_Level", null, { v: "3", t: "int", w: true, ts: 0 });
    expect(messages(vendor, "-3")).toEqual([]);
    expect(messages(vendor, "3.5")).toHaveLength(1);
  });

  it("keeps device.setValue's length bound", () => {
    const text = leaf("Device.X_VENDOR_Text", null, { v: "", t: "string", w: true, ts: 0 });
    expect(messages(text, "x".repeat(65535))).toEqual([]);
    expect(messages(text, "x".repeat(65536))).not.toEqual([]);
  });
});
