// CSV of a report's published aggregates: the same cells the page shows (never sessions, never a figure
// the report did not return), one row per returned cell, suppressed ones as the text "fewer than k".
// Quoting and formula defusing are the device export's (RFC 4180, every cell quoted, = + - @ defused).
import type {
  AudienceFilter,
  Breakdown,
  Cell,
  Heatmap,
  Ranking,
  Slot,
  Trend,
} from "../../../lib/audience/report-api";
import { csvLine } from "../../devices/csv";

export interface ReportResults {
  ranking: Ranking;
  heatmap: Heatmap;
  trend: Trend;
  breakdown: Breakdown;
  slot: Slot;
}

/** A number with at most `digits` decimals, no exponent, no trailing zeros; "" for none. */
export function num(value: number | null, digits: number): string {
  if (value === null || !Number.isFinite(value)) return "";
  return String(Number(value.toFixed(digits)));
}

/** A cell: its value, "fewer than k" when suppressed, "" when the report has no figure for it. */
function cellText(cell: Cell | null, k: number, digits: number): string {
  if (!cell) return "";
  return cell.suppressed ? `fewer than ${k}` : num(cell.value, digits);
}

function rowsOf<R extends keyof ReportResults>(report: R, result: ReportResults[R]): string[][] {
  switch (report) {
    case "ranking": {
      const r = result as Ranking;
      const k = r.privacy.k;
      return [
        [
          "channel_id",
          "channel_number",
          "channel",
          "viewing_hours",
          "share",
          "reach_per_day",
          "reach_pct",
          "minutes_per_viewer",
        ],
        ...r.rows.map((c) => [
          String(c.channelId),
          c.number === null ? "" : String(c.number),
          c.name,
          cellText(c.hours, k, 2),
          num(c.share, 4),
          cellText(c.reach, k, 1),
          num(c.reachPct, 4),
          num(c.minutesPerViewer, 1),
        ]),
        ["", "", "(panel: households watching anything)", "", "", cellText(r.panel, k, 1), "", ""],
      ];
    }
    case "heatmap": {
      const r = result as Heatmap;
      return [
        ["weekday", "hour", "audience", "share"],
        ...r.cells.map((c) => [
          String(c.weekday),
          String(c.hour),
          cellText(c.audience, r.privacy.k, 2),
          num(c.share, 4),
        ]),
      ];
    }
    case "trend": {
      const r = result as Trend;
      return [
        ["day", "channel_id", "channel", "viewing_hours", "reach", "share"],
        ...r.series.flatMap((s) =>
          s.points.map((p) => [
            p.day,
            s.channelId === null ? "" : String(s.channelId),
            s.name,
            cellText(p.hours, r.privacy.k, 2),
            cellText(p.reach, r.privacy.k, 1),
            num(p.share, 4),
          ]),
        ),
      ];
    }
    case "breakdown": {
      const r = result as Breakdown;
      const k = r.privacy.k;
      return [
        [r.by, "label", "viewing_hours", "reach_per_day", "reach_pct", "panel_per_day"],
        ...r.rows.map((c) => [
          c.key,
          c.label,
          cellText(c.hours, k, 2),
          cellText(c.reach, k, 1),
          num(c.reachPct, 4),
          cellText(c.panel, k, 1),
        ]),
      ];
    }
    default: {
      const r = result as Slot;
      const k = r.privacy.k;
      return [
        ["day", "hour", "channel", "audience", "share"],
        ...r.hours.map((h) => [
          h.day,
          String(h.hour),
          r.channel.name,
          cellText(h.audience, k, 2),
          num(h.share, 4),
        ]),
        ["all", "", r.channel.name, cellText(r.audience, k, 2), num(r.share, 4)],
      ];
    }
  }
}

export function reportCsv<R extends keyof ReportResults>(
  report: R,
  filter: AudienceFilter,
  result: ReportResults[R],
): { filename: string; csv: string } {
  return {
    filename: `audience-${report}-${filter.from}-${filter.to}.csv`,
    csv: rowsOf(report, result).map(csvLine).join(""),
  };
}
