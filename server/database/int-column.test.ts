import { describe, expect, it } from "vitest";
import { int4Column } from "./int-column";

describe("int4Column", () => {
  it("keeps TR-069 fault codes and turns values past int4 into 0", () => {
    expect(int4Column(9010)).toBe(9010);
    expect(int4Column(2147483647)).toBe(2147483647);
    expect(int4Column(4294967295)).toBe(0);
    expect(int4Column(-1)).toBe(0);
    expect(int4Column(Number.NaN)).toBe(0);
  });
});
