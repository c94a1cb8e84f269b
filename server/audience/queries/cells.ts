// What every audience report shares: the filters as SQL over the published cell tables only
// (AudienceHourCell, AudienceDayCell, AudiencePanelDay — never audience_session), the local-day window in
// AUDIENCE_TIME_ZONE, the days that hold data, and how a figure becomes a Cell. The privacy rule lives in
// `cellOf`: a figure is the sum of published cells; when nothing was published but something was
// suppressed, the answer is "fewer than k" with no number at all. No total is ever taken from anything else,
// so two reports can only ever differ by published cells (no differencing into a suppressed one).
import type { AudienceFilter, Cell } from "../../../lib/audience/report-api";
import { readDb } from "../../db";
import { settings } from "../../env";

/** Positional parameters for raw SQL, each with its cast (so PGlite and PostgreSQL agree on types). */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

export interface Scope {
  filter: AudienceFilter;
  tz: string;
  k: number;
  noise: number;
  /** undefined = no filter; an empty list in the input also means no filter */
  regionIds?: number[];
  segments?: string[];
  channelIds?: number[];
}

const nonEmpty = <T>(list: T[] | undefined): T[] | undefined => (list && list.length > 0 ? list : undefined);

export function scopeOf(filter: AudienceFilter): Scope {
  const s = settings();
  return {
    filter,
    tz: s.AUDIENCE_TIME_ZONE,
    k: s.AUDIENCE_K,
    noise: s.AUDIENCE_NOISE,
    regionIds: nonEmpty(filter.regionIds),
    segments: nonEmpty(filter.segments),
    channelIds: nonEmpty(filter.channelIds),
  };
}

/** Viewing time is published by hour × channel × region only: with a segment filter there is none. */
export const viewingTimeAvailable = (scope: Scope) => scope.segments === undefined;

/** The local hour (0-23), day and ISO weekday of an hour cell's start, in SQL. */
export const localHour = (col: string, tz: string) => `extract(hour FROM ${col} AT TIME ZONE ${tz})::int`;
export const localDay = (col: string, tz: string) => `(${col} AT TIME ZONE ${tz})::date`;
export const localWeekday = (col: string, tz: string) =>
  `extract(isodow FROM ${col} AT TIME ZONE ${tz})::int`;

/** The UTC instants where local day `from` starts and the day after `to` starts (tz: its placeholder). */
export function windowSql(scope: Scope, p: Params, tz: string): { lo: string; hi: string } {
  return {
    lo: `(${p.add(scope.filter.from, "date")}::timestamp AT TIME ZONE ${tz})`,
    hi: `((${p.add(scope.filter.to, "date")} + 1)::timestamp AT TIME ZONE ${tz})`,
  };
}

/**
 * Conditions on hour cells (alias `a`): hours starting within the local days from..to (as a UTC range, so
 * the primary key's leading `hour` serves it), the regions, and the channels unless `allChannels`.
 * `tz` is the placeholder of the time zone parameter (`p.add(scope.tz, "text")`).
 */
export function hourWhere(
  scope: Scope,
  p: Params,
  a: string,
  tz: string,
  opts: { allChannels?: boolean } = {},
): string {
  const { lo, hi } = windowSql(scope, p, tz);
  const conds = [`${a}.hour >= ${lo}`, `${a}.hour < ${hi}`];
  if (scope.regionIds) conds.push(`${a}."regionId" = ANY(${p.add(scope.regionIds, "int4[]")})`);
  if (scope.channelIds && !opts.allChannels)
    conds.push(`${a}."channelId" = ANY(${p.add(scope.channelIds, "int4[]")})`);
  return conds.join(" AND ");
}

/**
 * Hour cells summed per UTC hour (and per channel with `byChannel`) as a SQL FROM item `s(hour[, key],
 * value, published, suppressed, all_secs)`: `value`/`published`/`suppressed` over the cells matching
 * `chosen` (a condition on alias h), `all_secs` the published seconds of every channel. Reports grouping by
 * LOCAL day or hour join these rows to `hourGrid` rather than converting every cell's time.
 */
export function hourSums(
  scope: Scope,
  p: Params,
  tz: string,
  chosen: string,
  /** byChannel: a row per hour and channel, and only the filter's channels (the channel index serves it) */
  opts: { byChannel?: boolean } = {},
): string {
  const key = opts.byChannel ? `, h."channelId" AS key` : "";
  return `(SELECT h.hour${key},
      COALESCE(sum(h.secs) FILTER (WHERE ${chosen} AND NOT h.suppressed), 0)::float8 AS value,
      count(*) FILTER (WHERE ${chosen} AND NOT h.suppressed)::int AS published,
      count(*) FILTER (WHERE ${chosen} AND h.suppressed)::int AS suppressed,
      COALESCE(sum(h.secs) FILTER (WHERE NOT h.suppressed), 0)::float8 AS all_secs
    FROM "AudienceHourCell" h WHERE ${hourWhere(scope, p, "h", tz, { allChannels: !opts.byChannel })}
    GROUP BY h.hour${opts.byChannel ? `, h."channelId"` : ""}) s`;
}

/** Sums of `hourSums` columns in an outer GROUP BY. */
export const SUMMED = `sum(s.value)::float8 AS value, sum(s.published)::int AS published,
  sum(s.suppressed)::int AS suppressed, sum(s.all_secs)::float8 AS all_secs`;

/** Conditions on day cells or panel rows (alias `a`): local days, regions, segments, channels (day cells). */
export function dayWhere(scope: Scope, p: Params, a: string, opts: { channels?: boolean } = {}): string {
  const conds = [
    `${a}.day BETWEEN ${p.add(scope.filter.from, "date")} AND ${p.add(scope.filter.to, "date")}`,
  ];
  if (scope.regionIds) conds.push(`${a}."regionId" = ANY(${p.add(scope.regionIds, "int4[]")})`);
  if (scope.segments) conds.push(`${a}.segment = ANY(${p.add(scope.segments, "text[]")})`);
  if (scope.channelIds && opts.channels)
    conds.push(`${a}."channelId" = ANY(${p.add(scope.channelIds, "int4[]")})`);
  return conds.join(" AND ");
}

/**
 * The aggregate columns every grouped read takes from a cell table: the sum of the PUBLISHED figure only,
 * and how many cells were published / suppressed (so "no data" and "fewer than k" can be told apart).
 */
export const cellAggregates = (figure: "secs" | "households", a: string) =>
  `COALESCE(sum(${a}.${figure}) FILTER (WHERE NOT ${a}.suppressed), 0)::float8 AS value,
   count(*) FILTER (WHERE NOT ${a}.suppressed)::int AS published,
   count(*) FILTER (WHERE ${a}.suppressed)::int AS suppressed`;

export interface Agg {
  value: number;
  published: number;
  suppressed: number;
}

export const EMPTY_AGG: Agg = { value: 0, published: 0, suppressed: 0 };

export function toAgg(row: { value: unknown; published: unknown; suppressed: unknown } | undefined): Agg {
  if (!row) return EMPTY_AGG;
  return {
    value: Number(row.value) || 0,
    published: Number(row.published),
    suppressed: Number(row.suppressed),
  };
}

export function addAgg(a: Agg, b: Agg): Agg {
  return {
    value: a.value + b.value,
    published: a.published + b.published,
    suppressed: a.suppressed + b.suppressed,
  };
}

/**
 * A figure from published cells: `scale` turns their sum into the figure (e.g. 1/3600 for hours, 1/days for
 * a daily average). Nothing published but something suppressed -> "fewer than k" (no value); nothing at all
 * -> 0 (nobody watched: no cell is stored for an empty hour or day).
 */
export function cellOf(agg: Agg, scale: number): Cell {
  if (agg.published === 0 && agg.suppressed > 0) return { value: null, suppressed: true };
  return { value: agg.value * scale, suppressed: false };
}

/** A figure that this filter cannot publish at all (viewing time with a segment filter, or no data days). */
export const UNAVAILABLE: Cell = { value: null, suppressed: false };

export const ratio = (num: number | null, den: number | null): number | null =>
  num === null || den === null || den <= 0 ? null : num / den;

/**
 * Every UTC hour start of the local days from..to with its local day, hour and ISO weekday, as a SQL FROM
 * item `m(hour, day, hr, wd)`. Reports join their per-hour sums to it instead of converting each cell's
 * time: the time zone arithmetic runs once per hour of the range. Hour cells are UTC hours; in a zone
 * with a half-hour offset a local day starts mid-UTC-hour, so the series starts at the first whole UTC
 * hour inside the window, exactly as hour cells are selected (an hour belongs to its start's local day).
 */
export function hourGrid(scope: Scope, p: Params, tz: string, days?: string[]): string {
  const { lo, hi } = windowSql(scope, p, tz);
  const onDays = days ? `WHERE ${localDay("g", tz)} = ANY(${p.add(days, "date[]")})` : "";
  return `(SELECT g AS hour, ${localDay("g", tz)} AS day, ${localHour("g", tz)} AS hr, ${localWeekday("g", tz)} AS wd
    FROM generate_series(to_timestamp(ceil(extract(epoch FROM ${lo}) / 3600) * 3600), ${hi} - interval '1 second',
      interval '1 hour') g ${onDays}) m`;
}

/**
 * Local days in from..to that hold data anywhere (any panel row, published or not). Daily averages divide
 * by these, not by the calendar: a range reaching before the first collected day (or into the future) does
 * not dilute reach. The set depends on no filter, so it is the same for every report that could be
 * differenced against another over the same range.
 */
export async function dataDays(scope: Scope): Promise<string[]> {
  const p = new Params();
  const rows = await readDb().$queryRawUnsafe<{ day: string }[]>(
    `SELECT DISTINCT d.day::text AS day FROM "AudiencePanelDay" d
     WHERE d.day BETWEEN ${p.add(scope.filter.from, "date")} AND ${p.add(scope.filter.to, "date")}
     ORDER BY 1`,
    ...p.values,
  );
  return rows.map((r) => r.day);
}

export interface ChannelRef {
  channelId: number;
  name: string;
  number: number | null;
}

/** Names from the line-up; a channel since removed from it keeps its id as its name. */
export async function channelRefs(ids: readonly number[]): Promise<Map<number, ChannelRef>> {
  const out = new Map<number, ChannelRef>();
  for (const id of ids) out.set(id, { channelId: id, name: `Channel ${id}`, number: null });
  if (ids.length === 0) return out;
  const rows = await readDb().channel.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, name: true, number: true },
  });
  for (const r of rows) out.set(r.id, { channelId: r.id, name: r.name, number: r.number });
  return out;
}

export function privacyNote(scope: Scope, suppressedCells: number) {
  return {
    k: scope.k,
    suppressedCells,
    noise: scope.noise,
    viewingTimeBySegment: false as const,
    timeZone: scope.tz,
  };
}

/** Runs one SELECT built with `Params`. */
export function query<T>(sql: string, p: Params): Promise<T[]> {
  return readDb().$queryRawUnsafe<T[]>(sql, ...p.values);
}
