import { describe, expect, it } from "vitest";
import { MAX_REPORT_DAYS } from "@/lib/audience/report-api";
import {
  addDays,
  defaultRange,
  filterFromParams,
  paramsOf,
  todayIn,
  toApiFilter,
  validDay,
  viewFromParams,
} from "./filter-state";

const fallback = { from: "2026-11-26", to: "2026-12-02" };

describe("audience filter state", () => {
  it("reads days, lists and the view from the URL and writes them back", () => {
    const q = new URLSearchParams(
      "view=heatmap&from=2026-11-01&to=2026-11-07&region=3&region=0&segment=family&channel=12",
    );
    const state = filterFromParams(q, fallback);
    expect(state).toEqual({
      from: "2026-11-01",
      to: "2026-11-07",
      regionIds: [3, 0],
      segments: ["family"],
      channelIds: [12],
    });
    expect(viewFromParams(q)).toBe("heatmap");
    expect(filterFromParams(paramsOf(state, "slot"), fallback)).toEqual(state);
    expect(paramsOf(state, "slot").get("view")).toBe("slot");
  });

  it("falls back on missing or impossible days and puts a reversed range in order", () => {
    expect(filterFromParams(new URLSearchParams("from=2026-02-31&to=x"), fallback)).toMatchObject(fallback);
    expect(filterFromParams(new URLSearchParams("from=2026-12-05&to=2026-12-01"), fallback)).toMatchObject({
      from: "2026-12-01",
      to: "2026-12-05",
    });
  });

  it("cuts a range longer than the reports allow to its last days", () => {
    const s = filterFromParams(new URLSearchParams("from=2020-01-01&to=2026-12-01"), fallback);
    expect(s.to).toBe("2026-12-01");
    expect(s.from).toBe(addDays("2026-12-01", -(MAX_REPORT_DAYS - 1)));
  });

  it("drops junk ids (negative, fractional, too large) and channel 0", () => {
    const s = filterFromParams(
      new URLSearchParams("region=-1&region=2.5&region=99999999999&region=4&channel=0&channel=7&channel=7"),
      fallback,
    );
    expect(s.regionIds).toEqual([4]);
    expect(s.channelIds).toEqual([7]);
  });

  it("an unknown view is the ranking", () => {
    expect(viewFromParams(new URLSearchParams("view=sessions"))).toBe("ranking");
  });

  it("leaves empty lists out of the reports' filter", () => {
    expect(toApiFilter({ ...fallback, regionIds: [], segments: [], channelIds: [5] })).toEqual({
      ...fallback,
      channelIds: [5],
    });
  });

  it("default range: the week ending on the last published day, else today", () => {
    expect(defaultRange("2026-12-01", "2026-12-09")).toEqual({ from: "2026-11-25", to: "2026-12-01" });
    expect(defaultRange(null, "2026-03-01")).toEqual({ from: "2026-02-23", to: "2026-03-01" });
  });

  it("today in the audience zone, not the browser's", () => {
    const late = new Date("2026-12-02T23:30:00Z");
    expect(todayIn("Europe/Paris", late)).toBe("2026-12-03");
    expect(todayIn("UTC", late)).toBe("2026-12-02");
    expect(todayIn("Not/AZone", late)).toBe("2026-12-02");
    expect(validDay("2026-12-03")).toBe("2026-12-03");
  });
});
