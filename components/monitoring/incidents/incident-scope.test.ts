import { describe, expect, it } from "vitest";
import { incidentScope } from "./incident-scope";

const channels = new Map([["News HD", 4]]);
const nodes = new Map([["DSLAM-N-01", 9]]);
const ev = (over: Partial<{ channels: string[]; accessNodes: string[]; models: string[] }> = {}) => ({
  channels: [],
  accessNodes: [],
  models: [],
  ...over,
});

describe("incident drill-down scope", () => {
  it("opens a channel-wide fault's channel", () => {
    expect(incidentScope("headend", ev({ channels: ["News HD"] }), channels, nodes)).toEqual({
      dim: "channel",
      key: "4",
      label: "channel News HD",
    });
  });
  it("opens an access fault's node and a model fault's model", () => {
    expect(
      incidentScope("access", ev({ accessNodes: ["DSLAM-N-01"], channels: ["A", "B"] }), channels, nodes).key,
    ).toBe("9");
    expect(incidentScope("model", ev({ models: ["STB-4K"] }), channels, nodes)).toMatchObject({
      dim: "model",
      key: "STB-4K",
    });
  });
  it("falls back to the fleet when the evidence names several or unknown places", () => {
    expect(incidentScope("headend", ev({ channels: ["Gone"] }), channels, nodes).dim).toBe("fleet");
    expect(incidentScope("home", ev({ accessNodes: ["X", "Y"] }), channels, nodes).dim).toBe("fleet");
  });
});
