import { describe, expect, it } from "vitest";
import { decodeVisibility, encodeVisibility, visibilityStorageKey } from "./column-visibility-storage";

describe("column visibility storage", () => {
  it("round-trips the hidden and shown columns", () => {
    const stored = encodeVisibility({ model: false, ip: true });
    expect(decodeVisibility(stored, ["model", "ip", "serial"])).toEqual({ model: false, ip: true });
  });

  it("names the key after the table", () => {
    expect(visibilityStorageKey("operators")).toBe("vantage:columns:operators");
  });

  it("ignores missing, malformed and wrongly shaped entries", () => {
    expect(decodeVisibility(null, ["model"])).toEqual({});
    expect(decodeVisibility("{not json", ["model"])).toEqual({});
    expect(decodeVisibility("[false]", ["model"])).toEqual({});
    expect(decodeVisibility("null", ["model"])).toEqual({});
    expect(decodeVisibility('"model"', ["model"])).toEqual({});
  });

  it("ignores unknown or non-hideable column ids and non-boolean values", () => {
    const raw = JSON.stringify({ gone: false, serial: false, model: "no", ip: false, __proto__: false });
    expect(decodeVisibility(raw, ["model", "ip"])).toEqual({ ip: false });
  });
});
