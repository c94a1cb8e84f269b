// The audience pages' filters live in the URL (shareable, Back works): from/to (local days of
// AUDIENCE_TIME_ZONE), repeated region/segment/channel, and the open view. Pure; unit-tested.
import { MAX_REPORT_DAYS, type AudienceFilter } from "@/lib/audience/report-api";

export const VIEWS = ["ranking", "heatmap", "trend", "breakdown", "slot"] as const;
export type AudienceView = (typeof VIEWS)[number];

export const VIEW_LABELS: Record<AudienceView, string> = {
  ranking: "Channel ranking",
  heatmap: "Daypart heatmap",
  trend: "Trends",
  breakdown: "By region / segment",
  slot: "Programme slot",
};

export interface FilterState {
  from: string;
  to: string;
  regionIds: number[];
  segments: string[];
  channelIds: number[];
}

/** What the page reads: URLSearchParams or Next's ReadonlyURLSearchParams. */
interface Params {
  get(name: string): string | null;
  getAll(name: string): string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
/** Bounds the lists a hand-edited URL can carry to what the router accepts. */
const MAX_REGIONS = 100;
const MAX_SEGMENTS = 50;
const MAX_CHANNELS = 500;

/** A real calendar day as YYYY-MM-DD, else null ("2026-02-31" is not one). */
export function validDay(text: string | null | undefined): string | null {
  if (!text || !DAY.test(text)) return null;
  const t = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== text ? null : text;
}

/** `day` moved by `days` (calendar arithmetic in UTC: local days are labels here, not instants). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Today as a local day of `timeZone` (an unknown zone falls back to UTC rather than throwing). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** The week ending on the last day with published figures (or today when there is none yet). */
export function defaultRange(lastDay: string | null, today: string): { from: string; to: string } {
  const to = validDay(lastDay) ?? today;
  return { from: addDays(to, -6), to };
}

function positiveInts(values: string[], max: number): number[] {
  const out = new Set<number>();
  for (const v of values) {
    const n = Number(v);
    if (v.trim() !== "" && Number.isInteger(n) && n >= 0 && n <= 2_147_483_647) out.add(n);
    if (out.size >= max) break;
  }
  return [...out];
}

/**
 * The filters a URL asks for, with `fallback` for missing or bad days; a reversed range is put in order
 * and one longer than the reports allow is cut to its last MAX_REPORT_DAYS days.
 */
export function filterFromParams(params: Params, fallback: { from: string; to: string }): FilterState {
  let from = validDay(params.get("from")) ?? fallback.from;
  let to = validDay(params.get("to")) ?? fallback.to;
  if (from > to) [from, to] = [to, from];
  if (from < addDays(to, -(MAX_REPORT_DAYS - 1))) from = addDays(to, -(MAX_REPORT_DAYS - 1));
  const segments = [...new Set(params.getAll("segment").map((s) => s.slice(0, 100)))].slice(0, MAX_SEGMENTS);
  return {
    from,
    to,
    regionIds: positiveInts(params.getAll("region"), MAX_REGIONS),
    segments,
    channelIds: positiveInts(params.getAll("channel"), MAX_CHANNELS).filter((n) => n >= 1),
  };
}

export function viewFromParams(params: Params): AudienceView {
  const v = params.get("view");
  return (VIEWS as readonly string[]).includes(v ?? "") ? (v as AudienceView) : "ranking";
}

/** The URL query of a filter and view (empty lists left out). */
export function paramsOf(state: FilterState, view: AudienceView): URLSearchParams {
  const q = new URLSearchParams({ view, from: state.from, to: state.to });
  for (const r of state.regionIds) q.append("region", String(r));
  for (const s of state.segments) q.append("segment", s);
  for (const c of state.channelIds) q.append("channel", String(c));
  return q;
}

/** The reports' filter input: an empty list means "all", so it is left out. */
export function toApiFilter(state: FilterState): AudienceFilter {
  return {
    from: state.from,
    to: state.to,
    ...(state.regionIds.length ? { regionIds: state.regionIds } : {}),
    ...(state.segments.length ? { segments: state.segments } : {}),
    ...(state.channelIds.length ? { channelIds: state.channelIds } : {}),
  };
}
