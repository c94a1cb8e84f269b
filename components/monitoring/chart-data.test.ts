import { describe, expect, it } from "vitest";
import { deviceLayerPoints, layerPoints, qoeBandPoints, qoeDistribution, zapEvents } from "./chart-data";
import type { FleetSeries, StreamQualityPoint } from "./chart-types";

const point = (t: string, bands: number[], ip: number | null = 1) => ({
  t,
  devices: 10,
  impairedDevices: 2,
  secs: 9000,
  qoe: 4,
  impairedPct: { ip, ts: 2, decoder: 0, buffer: 0, any: 3 },
  qoeBands: bands,
});

const series: FleetSeries = {
  level: "15m",
  points: [
    point("2026-12-01T00:00:00.000Z", [0, 0, 100, 100, 800]),
    point("2026-12-01T00:15:00.000Z", [0, 0, 0, 0, 0], null),
  ],
};

function interval(ts: string, over: Partial<StreamQualityPoint> = {}): StreamQualityPoint {
  return {
    ts,
    secs: 300,
    stream: 1,
    channelId: 1,
    channel: "News",
    qoe: 4.2,
    impaired: { ip: false, ts: false, decoder: false, buffer: false },
    kpis: {
      lossRatio: 0,
      lossEventsPerHour: 0,
      ccErrorsPerHour: 0,
      frameLossRatio: 0,
      concealmentRatio: 0,
      frozenFraction: 0,
      zaps: 0,
      zapFailures: 0,
      zapMsMax: 0,
    },
    ...over,
  };
}

describe("monitoring chart data", () => {
  it("keeps per-layer shares per bucket, nulls as gaps", () => {
    const pts = layerPoints(series);
    expect(pts).toHaveLength(2);
    expect(pts[0]).toEqual({ t: Date.parse("2026-12-01T00:00:00Z"), ip: 1, ts: 2, decoder: 0, buffer: 0 });
    expect(pts[1]?.ip).toBeNull();
  });

  it("turns QoE bands into shares, skipping buckets without viewing", () => {
    const pts = qoeBandPoints(series);
    expect(pts).toHaveLength(1);
    expect(pts[0]?.b4).toBe(80);
    expect(pts[0]?.b2).toBe(10);
    const dist = qoeDistribution(series);
    expect(dist.map((d) => d.share)).toEqual([0, 0, 10, 10, 80]);
    expect(dist[4]?.secs).toBe(800);
    expect(qoeDistribution({ level: "raw", points: [] }).every((d) => d.share === 0)).toBe(true);
  });

  it("merges streams of one time: impaired in any, worst QoE", () => {
    const pts = deviceLayerPoints([
      interval("2026-12-01T00:05:00Z", {
        stream: 2,
        qoe: 3,
        impaired: { ip: false, ts: true, decoder: false, buffer: false },
      }),
      interval("2026-12-01T00:00:00Z"),
      interval("2026-12-01T00:05:00Z", { qoe: 4 }),
    ]);
    expect(pts.map((p) => p.t)).toEqual([
      Date.parse("2026-12-01T00:00:00Z"),
      Date.parse("2026-12-01T00:05:00Z"),
    ]);
    expect(pts[1]).toMatchObject({ ts: 1, ip: 0, qoe: 3 });
  });

  it("lists zaps", () => {
    const base = interval("2026-12-01T00:00:00Z");
    const zaps = zapEvents([
      base,
      interval("2026-12-01T00:05:00Z", { kpis: { ...base.kpis, zaps: 2, zapMsMax: 900 } }),
    ]);
    expect(zaps).toEqual([{ ts: "2026-12-01T00:05:00Z", zaps: 2, failures: 0, maxMs: 900, channel: "News" }]);
  });
});
