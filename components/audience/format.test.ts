import { describe, expect, it } from "vitest";
import { cellSort, cellText, CLOCK_HOURS, countText, filtersText, hoursText, pctText } from "./format";

describe("audience figures", () => {
  it("a suppressed cell says fewer than k, never a number", () => {
    expect(cellText({ value: null, suppressed: true }, 10, hoursText)).toBe("fewer than 10");
    expect(cellText({ value: 3, suppressed: true }, 3, hoursText)).toBe("fewer than 3");
  });

  it("a cell without a figure is a dash, a published one is formatted", () => {
    expect(cellText({ value: null, suppressed: false }, 10, hoursText)).toBe("—");
    expect(cellText(null, 10, hoursText)).toBe("—");
    expect(cellText({ value: 1234.56, suppressed: false }, 10, hoursText)).toBe("1,234.6 h");
    expect(countText(12)).toBe("12");
    expect(countText(12.34)).toBe("12.3");
    expect(pctText(0.1234)).toBe("12.3 %");
    expect(pctText(null)).toBe("—");
  });

  it("suppressed cells sort with the empty ones, below every figure", () => {
    expect(cellSort({ value: 5, suppressed: true })).toBeNull();
    expect(cellSort({ value: 0, suppressed: false })).toBe(0);
  });

  it("slot clock runs 00:00 to 24:00", () => {
    expect(CLOCK_HOURS[0]).toBe("00:00");
    expect(CLOCK_HOURS.at(-1)).toBe("24:00");
    expect(CLOCK_HOURS).toHaveLength(25);
  });
});

describe("privacy log filters", () => {
  it("reads as a short line", () => {
    expect(
      filtersText({ from: "2026-11-26", to: "2026-12-02", regionIds: [1, 2], by: "region", x: { a: 1 } }),
    ).toBe('2026-11-26 to 2026-12-02 · regionIds 1, 2 · by region · x {"a":1}');
    expect(filtersText({})).toBe("none");
    expect(filtersText({ segments: [] })).toBe("none");
  });
});
