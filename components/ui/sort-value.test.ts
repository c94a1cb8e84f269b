import { describe, expect, it } from "vitest";
import { compareSortValues, type SortValue } from "./sort-value";

const sorted = (values: SortValue[]) => [...values].sort(compareSortValues);

describe("compareSortValues", () => {
  it("orders numbers numerically and strings naturally", () => {
    expect(sorted([10, 2, 33])).toEqual([2, 10, 33]);
    expect(sorted(["dev10", "dev2", "Dev1"])).toEqual(["Dev1", "dev2", "dev10"]);
  });

  it("orders dates by time", () => {
    const a = new Date(1_000);
    const b = new Date(2_000);
    expect(sorted([b, a])).toEqual([a, b]);
  });

  it("puts missing values last", () => {
    expect(sorted([null, "b", undefined, "a"])).toEqual(["a", "b", null, undefined]);
  });
});
