// Audience reports (lib/audience/report-api.ts): every figure summed from published cells only
// (AudienceHourCell, AudienceDayCell, AudiencePanelDay), suppressed cells reported as "fewer than k".
// CONTRACT — implemented by the queries part (issue 12); the router calls exactly these.
import type {
  AudienceFilter,
  Breakdown,
  Heatmap,
  Ranking,
  Slot,
  Trend,
} from "../../../lib/audience/report-api";

const todo = (): never => {
  throw new Error("audience queries: not built yet");
};

export function channelRanking(_filter: AudienceFilter): Promise<Ranking> {
  return todo();
}
export function daypartHeatmap(_filter: AudienceFilter): Promise<Heatmap> {
  return todo();
}
export function audienceTrend(_filter: AudienceFilter): Promise<Trend> {
  return todo();
}
export function audienceBreakdown(_filter: AudienceFilter, _by: "region" | "segment"): Promise<Breakdown> {
  return todo();
}
export function programmeSlot(
  _filter: AudienceFilter,
  _channelId: number,
  _start: string,
  _end: string,
): Promise<Slot> {
  return todo();
}
/** Options for the filter form: channels, regions and segments known to the line-up and topology. */
export function audienceOptions(): Promise<{
  channels: { id: number; name: string; number: number | null }[];
  regions: { id: number; name: string }[];
  segments: string[];
  k: number;
  timeZone: string;
  /** first and last local day holding published cells (null when none) */
  firstDay: string | null;
  lastDay: string | null;
}> {
  return todo();
}
