import { describe, expect, it } from "vitest";
import { overCapPagePlan } from "./search-parameter-page";

const page = (n: number) => ({ page: n, pageSize: 50 });
const fleet = (matches: number) => ({ matches, devices: 1_000_000 });

describe("the page of a parameter = value search past the count cap", () => {
  it("walks the sort order for a value most devices share", () => {
    expect(overCapPagePlan(page(1), fleet(180_000), 10_000)).toBe("walk");
    expect(overCapPagePlan(page(1), fleet(60_000), 10_000)).toBe("walk");
  });

  it("collects the matches from the index for a value 1-1.5 % of the fleet holds", () => {
    expect(overCapPagePlan(page(1), fleet(12_000), 10_000)).toBe("collect");
    expect(overCapPagePlan(page(1), fleet(15_000), 10_000)).toBe("collect");
    expect(overCapPagePlan(page(1), fleet(24_000), 10_000)).toBe("walk");
  });

  it("collects for a deep page, which a walk would reach only after many documents", () => {
    expect(overCapPagePlan(page(300), fleet(180_000), 10_000)).toBe("collect");
  });

  it("takes an estimate below the cap as the cap (the count proved more), and walks without one", () => {
    expect(overCapPagePlan(page(1), fleet(500), 10_000)).toBe(
      overCapPagePlan(page(1), fleet(10_001), 10_000),
    );
    expect(overCapPagePlan(page(1), undefined, 10_000)).toBe("walk");
  });
});
