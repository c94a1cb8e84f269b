import { describe, expect, it } from "vitest";
import { preconditionSchema } from "../../lib/profiles/definition";
import { compareDecimals, matches, matchesColumns, type DeviceFacts } from "./precondition";

const stb: DeviceFacts = {
  kind: "STB",
  rootObject: "Device",
  oui: "00D09E",
  productClass: "IPTV-STB",
  modelName: "STB-4K",
  softwareVersion: "2.4.10",
  tags: ["pilot", "east"],
};
const doc: Record<string, { v?: string; t?: string }> = {
  "Device.X.Lost": { v: "12", t: "unsignedInt" },
  "Device.X.Name": { v: "Living Room", t: "string" },
  "Device.X.Huge": { v: "18446744073709551615", t: "unsignedLong" },
  "Device.X.Odd": { v: "abc", t: "unsignedInt" },
};
const read = (p: string) => doc[p];
const pre = (p: unknown) => preconditionSchema.parse(p);

describe("precondition", () => {
  it("an empty precondition matches every device", () => {
    expect(matches(pre({}), stb, read)).toBe(true);
  });

  it("column conditions: kind, root, oui, product class, model, version range, all tags", () => {
    expect(matchesColumns(pre({ kinds: ["STB"], roots: ["Device"] }), stb)).toBe(true);
    expect(matchesColumns(pre({ kinds: ["GATEWAY"] }), stb)).toBe(false);
    expect(matchesColumns(pre({ roots: ["InternetGatewayDevice"] }), stb)).toBe(false);
    expect(matchesColumns(pre({ ouis: ["001122", "00D09E"] }), stb)).toBe(true);
    expect(matchesColumns(pre({ productClasses: ["DNG"] }), stb)).toBe(false);
    expect(matchesColumns(pre({ models: ["STB-4K"] }), stb)).toBe(true);
    expect(matchesColumns(pre({ softwareVersion: { min: "2.4.9", below: "2.5" } }), stb)).toBe(true);
    expect(matchesColumns(pre({ softwareVersion: { below: "2.4.10" } }), stb)).toBe(false);
    expect(matchesColumns(pre({ tags: ["pilot"] }), stb)).toBe(true);
    expect(matchesColumns(pre({ tags: ["pilot", "west"] }), stb)).toBe(false);
  });

  it("parameter conditions follow the device search's semantics", () => {
    const cond = (path: string, op: string, value = "") => pre({ parameters: [{ path, op, value }] });
    expect(matches(cond("Device.X.Lost", "gt", "9"), stb, read)).toBe(true); // numeric, not text ("12" < "9")
    expect(matches(cond("Device.X.Lost", "lt", "9"), stb, read)).toBe(false);
    expect(matches(cond("Device.X.Huge", "gt", "18446744073709551614"), stb, read)).toBe(true);
    expect(matches(cond("Device.X.Odd", "gt", "0"), stb, read)).toBe(false); // not a number: no match
    expect(matches(cond("Device.X.Name", "contains", "living"), stb, read)).toBe(true);
    expect(matches(cond("Device.X.Name", "eq", "Living Room"), stb, read)).toBe(true);
    expect(matches(cond("Device.X.Name", "ne", "Kitchen"), stb, read)).toBe(true);
    expect(matches(cond("Device.X.Missing", "ne", "Kitchen"), stb, read)).toBe(false);
    expect(matches(cond("Device.X.Missing", "exists"), stb, read)).toBe(false);
    expect(matches(cond("Device.X.Name", "exists"), stb, read)).toBe(true);
    expect(matches(cond("Device.X.Name", "gt", "Kitchen"), stb, read)).toBe(true); // text order
  });

  it("compareDecimals is exact", () => {
    expect(compareDecimals("0.30", "0.3")).toBe(0);
    expect(compareDecimals("-1", "0")).toBe(-1);
    expect(compareDecimals("-2", "-10")).toBe(1);
    expect(compareDecimals("9007199254740993", "9007199254740992")).toBe(1);
    expect(compareDecimals("+0.0", "-0")).toBe(0);
    expect(compareDecimals("10.5", "9.99")).toBe(1);
  });
});
