// CSV of a report's published aggregates: the same cells the page shows, suppressed ones as
// "fewer than k". CONTRACT — implemented by the queries part (issue 12).
import type { AudienceFilter } from "../../../lib/audience/report-api";

export function reportCsv(
  _report: "ranking" | "heatmap" | "trend" | "breakdown" | "slot",
  _filter: AudienceFilter,
  _result: unknown,
): { filename: string; csv: string } {
  throw new Error("audience CSV: not built yet");
}
