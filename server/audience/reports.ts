// Audience reports as callers run them: each report writes its privacy-log row (the reader, the report,
// the filters, how many cells were sent and suppressed) in the same call, so no report leaves without
// its log entry, whether the console (server/api/routers/audience.ts) or the REST API asked for it.
import type { AudienceFilter, Breakdown, Heatmap, Ranking, Slot, Trend } from "../../lib/audience/report-api";
import { logAudienceAccess } from "./access-log";
import { audienceBreakdown, audienceTrend, channelRanking, daypartHeatmap, programmeSlot } from "./queries";

async function logged<T extends { privacy: { suppressedCells: number } }>(
  operatorId: number,
  report: string,
  filters: Record<string, unknown>,
  run: () => Promise<T>,
  cells: (r: T) => number,
): Promise<T> {
  const result = await run();
  await logAudienceAccess({
    operatorId,
    report,
    filters,
    cells: cells(result),
    suppressed: result.privacy.suppressedCells,
  });
  return result;
}

/** `logAs` names the privacy-log row: the report, or `export:<report>` for a CSV export. */
export function rankingReport(
  operatorId: number,
  filter: AudienceFilter,
  logAs = "ranking",
): Promise<Ranking> {
  return logged(
    operatorId,
    logAs,
    filter,
    () => channelRanking(filter),
    (r) => r.rows.length,
  );
}

export function heatmapReport(
  operatorId: number,
  filter: AudienceFilter,
  logAs = "heatmap",
): Promise<Heatmap> {
  return logged(
    operatorId,
    logAs,
    filter,
    () => daypartHeatmap(filter),
    (r) => r.cells.length,
  );
}

export function trendReport(operatorId: number, filter: AudienceFilter, logAs = "trend"): Promise<Trend> {
  return logged(
    operatorId,
    logAs,
    filter,
    () => audienceTrend(filter),
    (r) => r.series.reduce((n, s) => n + s.points.length, 0),
  );
}

export function breakdownReport(
  operatorId: number,
  input: { filter: AudienceFilter; by: Breakdown["by"] },
  logAs = "breakdown",
): Promise<Breakdown> {
  return logged(
    operatorId,
    logAs,
    { ...input.filter, by: input.by },
    () => audienceBreakdown(input.filter, input.by),
    (r) => r.rows.length,
  );
}

export function slotReport(
  operatorId: number,
  input: { filter: AudienceFilter; channelId: number; start: string; end: string },
  logAs = "slot",
): Promise<Slot> {
  const { filter, channelId, start, end } = input;
  return logged(
    operatorId,
    logAs,
    { ...filter, channelId, start, end },
    () => programmeSlot(filter, channelId, start, end),
    (r) => r.hours.length,
  );
}
