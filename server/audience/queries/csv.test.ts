// The CSV export of reports: one row per returned cell, suppressed cells as "fewer than k", RFC 4180
// quoting, spreadsheet formulas defused.
import { describe, expect, it } from "vitest";
import type { Ranking, Slot } from "../../../lib/audience/report-api";
import { num, reportCsv } from "./csv";

const privacy = {
  k: 10,
  suppressedCells: 1,
  noise: 0,
  viewingTimeBySegment: false as const,
  timeZone: "UTC",
};
const filter = { from: "2026-11-02", to: "2026-11-03" };

/** RFC 4180 parse (quoted cells, "" escapes, CRLF rows) to check what a spreadsheet would read. */
function parse(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i]!;
    if (quoted && ch === '"' && csv[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ",") {
      row.push(cell);
      cell = "";
    } else if (!quoted && ch === "\r" && csv[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else {
      cell += ch;
    }
  }
  return rows;
}

describe("reportCsv", () => {
  it("ranking: a row per channel plus the panel, suppressed as fewer than k, formulas defused", () => {
    const ranking: Ranking = {
      privacy,
      days: 2,
      panel: { value: 45, suppressed: false },
      rows: [
        {
          channelId: 1,
          name: '=HYPERLINK("x")',
          number: 1,
          hours: { value: 16, suppressed: false },
          share: 57_600 / 82_800,
          reach: { value: 17.5, suppressed: false },
          reachPct: 17.5 / 45,
          minutesPerViewer: 27.428571,
        },
        {
          channelId: 2,
          name: "Sport, live",
          number: null,
          hours: { value: null, suppressed: true },
          share: null,
          reach: { value: null, suppressed: true },
          reachPct: null,
          minutesPerViewer: null,
        },
      ],
    };
    const { filename, csv } = reportCsv("ranking", filter, ranking);
    expect(filename).toBe("audience-ranking-2026-11-02-2026-11-03.csv");
    const rows = parse(csv);
    expect(rows[0]).toEqual([
      "channel_id",
      "channel_number",
      "channel",
      "viewing_hours",
      "share",
      "reach_per_day",
      "reach_pct",
      "minutes_per_viewer",
    ]);
    expect(rows[1]).toEqual(["1", "1", `'=HYPERLINK("x")`, "16", "0.6957", "17.5", "0.3889", "27.4"]);
    expect(rows[2]).toEqual(["2", "", "Sport, live", "fewer than 10", "", "fewer than 10", "", ""]);
    expect(rows[3]![5]).toBe("45");
    expect(rows).toHaveLength(4);
  });

  it("slot: a row per hour and the whole slot", () => {
    const slot: Slot = {
      privacy,
      channel: { channelId: 1, name: "News", number: 1 },
      audience: { value: 4, suppressed: false },
      share: 0.5,
      hours: [
        { day: "2026-11-02", hour: 20, audience: { value: null, suppressed: true }, share: null },
        { day: "2026-11-02", hour: 21, audience: { value: 1.23456, suppressed: false }, share: 0.25 },
      ],
    };
    expect(parse(reportCsv("slot", filter, slot).csv)).toEqual([
      ["day", "hour", "channel", "audience", "share"],
      ["2026-11-02", "20", "News", "fewer than 10", ""],
      ["2026-11-02", "21", "News", "1.23", "0.25"],
      ["all", "", "News", "4", "0.5"],
    ]);
  });

  it("numbers: fixed decimals, never an exponent, empty for none", () => {
    expect(num(1e-9, 4)).toBe("0");
    expect(num(123_456_789.123, 2)).toBe("123456789.12");
    expect(num(null, 2)).toBe("");
    expect(num(Number.NaN, 2)).toBe("");
  });
});
