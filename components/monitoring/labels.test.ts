import { describe, expect, it } from "vitest";
import {
  breakdownFromParam,
  devicesHref,
  duration,
  kpiValue,
  layerFromParam,
  pct,
  rangeFromParam,
  streamQualityHref,
  verdictLabel,
} from "./labels";

describe("monitoring labels", () => {
  it("reads the range, breakdown and layer from the URL, defaulting on anything else", () => {
    expect(rangeFromParam("7d")).toBe("7d");
    expect(rangeFromParam(["1h", "6h"])).toBe("1h");
    expect(rangeFromParam("1y")).toBe("24h");
    expect(rangeFromParam(undefined)).toBe("24h");
    expect(breakdownFromParam("region")).toBe("region");
    expect(breakdownFromParam("device")).toBe("channel");
    expect(layerFromParam("ts")).toBe("ts");
    expect(layerFromParam("any")).toBeUndefined();
  });

  it("links a scope to its device list, keys encoded", () => {
    expect(devicesHref({ dim: "channel", key: "12", range: "6h" })).toBe(
      "/monitoring/devices?dim=channel&key=12&range=6h",
    );
    expect(devicesHref({ dim: "software", key: "STB-4K / 2.1.0", range: "24h", layer: "decoder" })).toBe(
      "/monitoring/devices?dim=software&key=STB-4K+%2F+2.1.0&range=24h&layer=decoder",
    );
    expect(streamQualityHref(7)).toBe("/devices/7?tab=stream-quality");
  });

  it("formats shares, durations and KPI values", () => {
    expect(pct(null)).toBe("—");
    expect(pct(0)).toBe("0.0 %");
    expect(pct(0.04)).toBe("< 0.1 %");
    expect(pct(12.345)).toBe("12.3 %");
    expect(duration(0)).toBe("0 s");
    expect(duration(42)).toBe("42 s");
    expect(duration(2700)).toBe("45 min");
    expect(duration(3600 * 3 + 1200)).toBe("3 h 20 min");
    expect(kpiValue(3.14159, "MOS")).toBe("3.14 MOS");
    expect(kpiValue(0.00123, "ratio")).toBe("0.0012");
    expect(kpiValue(250, "ms")).toBe("250 ms");
    expect(kpiValue(null, "%")).toBe("—");
  });

  it("names verdicts, and shows an unknown one as stored", () => {
    expect(verdictLabel("headend")).toBe("Source / headend");
    expect(verdictLabel("weird")).toBe("weird");
  });
});
