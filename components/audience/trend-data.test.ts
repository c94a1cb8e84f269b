import { describe, expect, it } from "vitest";
import { trendRows } from "./trend-data";
import type { TrendData } from "./use-audience";

const privacy = { k: 3, suppressedCells: 1, noise: 0, viewingTimeBySegment: false as const, timeZone: "UTC" };
const pub = (value: number) => ({ value, suppressed: false });
const hidden = { value: null, suppressed: true };

describe("trend rows", () => {
  const data: TrendData = {
    privacy,
    series: [
      {
        channelId: 1,
        name: "News",
        points: [
          { day: "2026-12-02", hours: pub(5), reach: hidden, share: 0.5 },
          { day: "2026-12-01", hours: pub(4), reach: pub(3), share: 0.4 },
        ],
      },
      {
        channelId: 2,
        name: "Kids",
        points: [{ day: "2026-12-02", hours: hidden, reach: pub(4), share: null }],
      },
    ],
  };

  it("one row per day in order, suppressed points as gaps", () => {
    const r = trendRows(data, "hours");
    expect(r.keys).toEqual([
      { key: "s0", label: "News" },
      { key: "s1", label: "Kids" },
    ]);
    expect(r.rows).toEqual([
      { day: "2026-12-01", s0: 4, s1: null },
      { day: "2026-12-02", s0: 5, s1: null },
    ]);
    expect(r.suppressedPoints).toBe(1);
  });

  it("reach reads the other figure", () => {
    const r = trendRows(data, "reach");
    expect(r.rows).toEqual([
      { day: "2026-12-01", s0: 3, s1: null },
      { day: "2026-12-02", s0: null, s1: 4 },
    ]);
    expect(r.suppressedPoints).toBe(1);
  });
});
