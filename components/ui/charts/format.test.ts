import { describe, expect, it } from "vitest";
import { formatTimeFull, formatTimeTick, formatValue, spanOf } from "./format";

describe("formatValue", () => {
  it("formats each unit one way", () => {
    expect(formatValue(1234, "count")).toBe("1,234");
    expect(formatValue(1_250_000, "count")).toBe("1.3M");
    expect(formatValue(12.345, "percent")).toBe("12.3 %");
    expect(formatValue(1536, "bytes")).toBe("1.5 KiB");
    expect(formatValue(512, "bytes")).toBe("512 B");
    expect(formatValue(25_000_000, "bps")).toBe("25 Mbit/s");
    expect(formatValue(850, "ms")).toBe("850 ms");
    expect(formatValue(2500, "ms")).toBe("2.5 s");
    expect(formatValue(-3.5, "dB")).toBe("-3.5 dB");
  });

  it("shows a dash for missing values", () => {
    expect(formatValue(null, "count")).toBe("—");
    expect(formatValue(Number.NaN)).toBe("—");
  });
});

describe("time formats", () => {
  const t = Date.UTC(2026, 0, 15, 9, 5);
  it("shows clock time for short spans and dates for long ones", () => {
    expect(formatTimeTick(t, 3_600_000)).toBe("09:05");
    expect(formatTimeTick(new Date(t), 7 * 86_400_000)).toBe("15 Jan");
  });
  it("names the zone in full times", () => {
    expect(formatTimeFull(t)).toBe("15 Jan 2026, 09:05 UTC");
  });
  it("measures a series' span", () => {
    expect(spanOf([{ t: 5 }, { t: new Date(1) }, { t: 3 }])).toBe(4);
    expect(spanOf([{ t: 5 }])).toBe(0);
  });
});
