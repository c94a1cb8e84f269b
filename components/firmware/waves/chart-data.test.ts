import { describe, expect, it } from "vitest";
import { paddedBuckets } from "./chart-data";

const at = (iso: string, verified = 1) => ({ t: new Date(iso), verified, failed: 0, rolledBack: 0 });

describe("paddedBuckets", () => {
  it("puts an empty minute either side of a single bucket", () => {
    expect(paddedBuckets([at("2026-12-02T13:02:00Z", 3)])).toEqual([
      at("2026-12-02T13:01:00Z", 0),
      at("2026-12-02T13:02:00Z", 3),
      at("2026-12-02T13:03:00Z", 0),
    ]);
  });
  it("leaves none and several as they are", () => {
    expect(paddedBuckets([])).toEqual([]);
    const two = [at("2026-12-02T13:02:00Z"), at("2026-12-02T13:03:00Z")];
    expect(paddedBuckets(two)).toEqual(two);
  });
});
