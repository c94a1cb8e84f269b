// A programme slot: one channel between two whole local hours on each day of the range (days holding data):
// average boxes watching, the channel's share of all viewing then, and one row per local day and hour.
// On the night clocks go back a local hour happens twice (two UTC hour cells), on the night they go
// forward it does not happen: the seconds-in-hour denominator counts the UTC hours actually there.
import type { AudienceFilter, Slot } from "../../../lib/audience/report-api";
import { AppError } from "../../core/app-error";
import {
  EMPTY_AGG,
  Params,
  UNAVAILABLE,
  addAgg,
  cellOf,
  channelRefs,
  SUMMED,
  dataDays,
  hourGrid,
  hourSums,
  privacyNote,
  query,
  ratio,
  scopeOf,
  toAgg,
  viewingTimeAvailable,
  type Agg,
} from "./cells";

/** "HH:00" or "24:00" as a whole hour 0..24, else null. */
export function clockHour(clock: string): number | null {
  const m = /^(\d\d):00$/.exec(clock);
  const h = m ? Number(m[1]) : NaN;
  return Number.isInteger(h) && h >= 0 && h <= 24 ? h : null;
}

interface Row {
  day: string;
  hr: number;
  value: unknown;
  published: unknown;
  suppressed: unknown;
  all_secs: unknown;
}

export async function programmeSlot(
  filter: AudienceFilter,
  channelId: number,
  start: string,
  end: string,
): Promise<Slot> {
  const startH = clockHour(start);
  const endH = clockHour(end);
  if (startH === null || endH === null || endH <= startH || startH > 23)
    throw new AppError(
      "invalid_input",
      "a slot runs from a whole hour to a later whole hour (HH:00, up to 24:00)",
    );
  const scope = scopeOf(filter);
  const channel = (await channelRefs([channelId])).get(channelId)!;
  if (!viewingTimeAvailable(scope))
    return { privacy: privacyNote(scope, 0), channel, audience: UNAVAILABLE, share: null, hours: [] };
  const days = await dataDays(scope);
  if (days.length === 0)
    return { privacy: privacyNote(scope, 0), channel, audience: UNAVAILABLE, share: null, hours: [] };

  const p = new Params();
  const tz = p.add(scope.tz, "text");
  const ch = p.add(channelId, "int4");
  const inSlot = `m.hr >= ${p.add(startH, "int4")} AND m.hr < ${p.add(endH, "int4")}`;
  const sql = `
    WITH cells AS MATERIALIZED (
      SELECT m.day, m.hr, ${SUMMED}
      FROM ${hourSums(scope, p, tz, `h."channelId" = ${ch}`)} JOIN ${hourGrid(scope, p, tz)} ON m.hour = s.hour
      WHERE ${inSlot}
      GROUP BY 1, 2),
    grid AS MATERIALIZED (
      SELECT m.day, m.hr, count(*)::int AS n FROM ${hourGrid(scope, p, tz, days)} WHERE ${inSlot} GROUP BY 1, 2)
    SELECT g.day::text AS day, g.hr, g.n, COALESCE(c.value, 0) AS value, COALESCE(c.published, 0) AS published,
      COALESCE(c.suppressed, 0) AS suppressed, COALESCE(c.all_secs, 0) AS all_secs
    FROM grid g LEFT JOIN cells c ON c.day = g.day AND c.hr = g.hr
    ORDER BY 1, 2`;
  const rows = await query<Row & { n: number }>(sql, p);
  let total: Agg = EMPTY_AGG;
  let allSecs = 0;
  let slotHours = 0;
  const hours = rows.map((r) => {
    const agg = toAgg(r);
    const n = Number(r.n);
    total = addAgg(total, agg);
    allSecs += Number(r.all_secs);
    slotHours += n;
    const audience = cellOf(agg, 1 / (3600 * n));
    return {
      day: r.day,
      hour: Number(r.hr),
      audience,
      share: audience.value === null ? null : ratio(agg.value, Number(r.all_secs)),
    };
  });
  const audience = slotHours > 0 ? cellOf(total, 1 / (3600 * slotHours)) : UNAVAILABLE;
  return {
    privacy: privacyNote(scope, total.suppressed),
    channel,
    audience,
    share: audience.value === null ? null : ratio(total.value, allSecs),
    hours,
  };
}
