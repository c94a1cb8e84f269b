// Trends: one point per local day per chosen channel (at most TREND_MAX_CHANNELS), or one series for all
// channels when none is chosen (its reach is the panel: households that watched anything that day).
import type { AudienceFilter, Cell, Trend } from "../../../lib/audience/report-api";
import {
  EMPTY_AGG,
  Params,
  UNAVAILABLE,
  cellAggregates,
  cellOf,
  channelRefs,
  dataDays,
  SUMMED,
  dayWhere,
  hourGrid,
  hourSums,
  privacyNote,
  query,
  ratio,
  scopeOf,
  toAgg,
  viewingTimeAvailable,
  type Agg,
  type Scope,
} from "./cells";

export const TREND_MAX_CHANNELS = 10;
/** Series key of the all-channels total. */
const ALL = 0;

type Row = { day: string; key: number; value: unknown; published: unknown; suppressed: unknown };
type ByDay = Map<string, Map<number, Agg>>;

function group(rows: Row[]): ByDay {
  const out: ByDay = new Map();
  for (const r of rows) {
    const day = out.get(r.day) ?? new Map<number, Agg>();
    day.set(Number(r.key), toAgg(r));
    out.set(r.day, day);
  }
  return out;
}

/**
 * Published seconds per local day: per chosen channel, and over ALL channels as series ALL (the total
 * series and the share's denominator).
 */
async function secsByDay(scope: Scope): Promise<ByDay> {
  const p = new Params();
  const tz = p.add(scope.tz, "text");
  const perChannel = scope.channelIds
    ? `UNION ALL SELECT m.day::text AS day, s.key, ${SUMMED}
       FROM ${hourSums(scope, p, tz, "true", { byChannel: true })} JOIN ${hourGrid(scope, p, tz)} ON m.hour = s.hour
       GROUP BY 1, 2`
    : "";
  const rows = await query<Row>(
    `SELECT m.day::text AS day, ${ALL} AS key, ${SUMMED}
     FROM ${hourSums(scope, p, tz, "true")} JOIN ${hourGrid(scope, p, tz)} ON m.hour = s.hour
     GROUP BY 1 ${perChannel}`,
    p,
  );
  return group(rows);
}

/** Published reach per day: per chosen channel (day cells), or the panel as series ALL. */
async function reachByDay(scope: Scope): Promise<ByDay> {
  const p = new Params();
  const rows = scope.channelIds
    ? await query<Row>(
        `SELECT d.day::text AS day, d."channelId" AS key, ${cellAggregates("households", "d")}
         FROM "AudienceDayCell" d WHERE ${dayWhere(scope, p, "d", { channels: true })} GROUP BY 1, 2`,
        p,
      )
    : await query<Row>(
        `SELECT d.day::text AS day, ${ALL} AS key, ${cellAggregates("households", "d")}
         FROM "AudiencePanelDay" d WHERE ${dayWhere(scope, p, "d")} GROUP BY 1`,
        p,
      );
  return group(rows);
}

/** Every local day from..to (at most MAX_REPORT_DAYS, checked by the filter schema). */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && out.length < 1000; t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export async function audienceTrend(filter: AudienceFilter): Promise<Trend> {
  const scope = scopeOf(filter);
  const withTime = viewingTimeAvailable(scope);
  const keys = scope.channelIds ? scope.channelIds.slice(0, TREND_MAX_CHANNELS) : [ALL];
  const narrowed: Scope = scope.channelIds ? { ...scope, channelIds: keys } : scope;
  const [days, secs, reach, refs] = await Promise.all([
    dataDays(scope).then((d) => new Set(d)),
    withTime ? secsByDay(narrowed) : Promise.resolve<ByDay>(new Map()),
    reachByDay(narrowed),
    channelRefs(scope.channelIds ? keys : []),
  ]);
  let suppressedCells = 0;
  const series = keys.map((key) => {
    const points = daysOf(filter.from, filter.to).map((day) => {
      const daySecs = secs.get(day);
      const all = daySecs?.get(ALL) ?? EMPTY_AGG;
      const s = daySecs?.get(key) ?? EMPTY_AGG;
      const r = reach.get(day)?.get(key) ?? EMPTY_AGG;
      suppressedCells += (withTime ? s.suppressed : 0) + r.suppressed;
      if (!days.has(day)) return { day, hours: UNAVAILABLE, reach: UNAVAILABLE, share: null };
      const hours: Cell = withTime ? cellOf(s, 1 / 3600) : UNAVAILABLE;
      return {
        day,
        hours,
        reach: cellOf(r, 1),
        share: key === ALL || hours.value === null ? null : ratio(s.value, all.value),
      };
    });
    const ref = refs.get(key);
    return { channelId: key === ALL ? null : key, name: ref?.name ?? "All channels", points };
  });
  return { privacy: privacyNote(scope, suppressedCells), series };
}
