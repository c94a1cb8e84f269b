import { describe, expect, it } from "vitest";
import { compareVersions, inVersionRange } from "./version-order";

describe("compareVersions", () => {
  it.each([
    ["1.9", "1.10", -1],
    ["1.10", "1.9", 1],
    ["2.0", "2.0.1", -1],
    ["2.0.0", "2.0.0", 0],
    ["02.1", "2.1", 0],
    ["2.1a", "2.1b", -1],
    ["2.0.beta", "2.0.1", -1],
    ["V3.2.1-build7", "v3.2.1-build10", -1],
    ["18446744073709551616", "18446744073709551615", 1],
    ["", "1", -1],
  ])("%s vs %s → %i", (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
    expect(compareVersions(b, a)).toBe(-expected || 0);
  });
});

describe("inVersionRange", () => {
  it("min is inclusive, below exclusive, unset bounds don't limit", () => {
    const r = { min: "2.0", below: "3.0" };
    expect(inVersionRange("1.9.9", r)).toBe(false);
    expect(inVersionRange("2.0", r)).toBe(true);
    expect(inVersionRange("2.10.4", r)).toBe(true);
    expect(inVersionRange("3.0", r)).toBe(false);
    expect(inVersionRange("9", { min: "2" })).toBe(true);
    expect(inVersionRange("1", { below: "2" })).toBe(true);
    expect(inVersionRange("anything", undefined)).toBe(true);
  });
});
