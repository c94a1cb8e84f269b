import { describe, expect, it } from "vitest";
import { collectsColumnMatches, walksWithoutWorkers } from "./search-column-page";

const fleet = (matches: number) => ({ matches, devices: 1_000_000 });

describe("the page of a search by a summary column's value", () => {
  it("collects a rare release's matches (estimated at most half the cap)", () => {
    expect(
      collectsColumnMatches({ softwareVersion: "1.0-2019", kind: "GATEWAY" }, fleet(1_129), 10_000),
    ).toBe(true);
    expect(collectsColumnMatches({ productClass: "PIX" }, fleet(5_000), 10_000)).toBe(true);
    expect(collectsColumnMatches({ oui: "00D09E" }, fleet(40), 10_000)).toBe(true);
  });

  it("walks the sort order for a release many devices run", () => {
    expect(collectsColumnMatches({ softwareVersion: "1.1" }, fleet(5_001), 10_000)).toBe(false);
    expect(collectsColumnMatches({ manufacturer: "Acme" }, fleet(100_000), 10_000)).toBe(false);
  });

  it("walks without an estimate or without a summary column to estimate from", () => {
    expect(collectsColumnMatches({ softwareVersion: "1.0" }, undefined, 10_000)).toBe(false);
    expect(collectsColumnMatches({ kind: "STB" }, fleet(10), 10_000)).toBe(false);
    expect(collectsColumnMatches({ tag: "vip" }, fleet(10), 10_000)).toBe(false);
  });
});

describe("the walk of last-inform order for a release", () => {
  it("goes without parallel workers when a summary column filters it", () => {
    expect(walksWithoutWorkers({ sort: "lastInform", softwareVersion: "1.0-legacy", kind: "STB" })).toBe(
      true,
    );
    expect(walksWithoutWorkers({ sort: "lastInform", productClass: "PIX" })).toBe(true);
  });

  it("leaves other searches and other sort orders to the planner", () => {
    expect(walksWithoutWorkers({ sort: "lastInform", tag: "vip" })).toBe(false);
    expect(walksWithoutWorkers({ sort: "serialNumber", softwareVersion: "1.0-legacy" })).toBe(false);
  });
});
