import { describe, expect, it } from "vitest";
import { parseRange } from "./range";

describe("parseRange", () => {
  it("serves the whole file without a Range header", () => {
    expect(parseRange(undefined, 100)).toEqual({ kind: "full" });
  });

  it("reads a closed, an open-ended and a suffix range", () => {
    expect(parseRange("bytes=0-9", 100)).toEqual({ kind: "partial", start: 0, end: 9 });
    expect(parseRange("bytes=90-", 100)).toEqual({ kind: "partial", start: 90, end: 99 });
    expect(parseRange("bytes=-10", 100)).toEqual({ kind: "partial", start: 90, end: 99 });
    expect(parseRange("bytes=-1000", 100)).toEqual({ kind: "partial", start: 0, end: 99 });
  });

  it("clamps an end past the file", () => {
    expect(parseRange("bytes=50-5000", 100)).toEqual({ kind: "partial", start: 50, end: 99 });
  });

  it("refuses ranges wholly outside the file", () => {
    expect(parseRange("bytes=100-", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=200-300", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-0", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=0-0", 0)).toEqual({ kind: "unsatisfiable" });
  });

  it("ignores what it does not serve: several ranges, other units, garbage, reversed", () => {
    for (const header of [
      "bytes=0-1,5-6",
      "items=0-1",
      "bytes=abc",
      "bytes=-",
      "bytes=9-3",
      "",
      "bytes=99999999999999999-",
    ])
      expect(parseRange(header, 100).kind).not.toBe("partial");
  });
});
