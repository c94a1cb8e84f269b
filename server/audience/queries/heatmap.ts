// Daypart heatmap: ISO weekday × local hour, average boxes watching = published viewing seconds / seconds
// in those hours (of the days holding data). One scan of the hour cells gives both the chosen channels'
// sums and all channels' published seconds (the share's denominator).
import type { AudienceFilter, Heatmap } from "../../../lib/audience/report-api";
import {
  Params,
  UNAVAILABLE,
  cellOf,
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
} from "./cells";

interface Row {
  wd: number;
  hr: number;
  value: unknown;
  published: unknown;
  suppressed: unknown;
  all_secs: unknown;
}

export async function daypartHeatmap(filter: AudienceFilter): Promise<Heatmap> {
  const scope = scopeOf(filter);
  const empty = () =>
    Array.from({ length: 7 * 24 }, (_, i) => ({
      weekday: Math.floor(i / 24) + 1,
      hour: i % 24,
      audience: UNAVAILABLE,
      share: null,
    }));
  // Viewing time is not published by segment: a segment filter leaves the heatmap without figures.
  if (!viewingTimeAvailable(scope)) return { privacy: privacyNote(scope, 0), cells: empty() };
  const days = await dataDays(scope);
  const p = new Params();
  const tz = p.add(scope.tz, "text");
  const chosen = scope.channelIds ? `h."channelId" = ANY(${p.add(scope.channelIds, "int4[]")})` : "true";
  const [cellRows, hourRows] = await Promise.all([
    query<Row>(
      `SELECT m.wd, m.hr, ${SUMMED}
       FROM ${hourSums(scope, p, tz, chosen)} JOIN ${hourGrid(scope, p, tz)} ON m.hour = s.hour
       GROUP BY 1, 2`,
      p,
    ),
    hourCounts(scope, days),
  ]);
  const byKey = new Map(cellRows.map((r) => [`${r.wd}:${r.hr}`, r]));
  let suppressedCells = 0;
  const cells = empty().map((c) => {
    const row = byKey.get(`${c.weekday}:${c.hour}`);
    const hours = hourRows.get(`${c.weekday}:${c.hour}`) ?? 0;
    const agg = toAgg(row);
    suppressedCells += agg.suppressed;
    if (hours === 0) return c;
    const audience = cellOf(agg, 1 / (3600 * hours));
    const share =
      scope.channelIds && audience.value !== null ? ratio(agg.value, Number(row?.all_secs ?? 0)) : null;
    return { ...c, audience, share };
  });
  return { privacy: privacyNote(scope, suppressedCells), cells };
}

/** How many UTC hours of the data days fall on each local weekday × hour. */
async function hourCounts(scope: ReturnType<typeof scopeOf>, days: string[]): Promise<Map<string, number>> {
  if (days.length === 0) return new Map();
  const p = new Params();
  const tz = p.add(scope.tz, "text");
  const rows = await query<{ wd: number; hr: number; n: number }>(
    `SELECT m.wd, m.hr, count(*)::int AS n FROM ${hourGrid(scope, p, tz, days)} GROUP BY 1, 2`,
    p,
  );
  return new Map(rows.map((r) => [`${r.wd}:${r.hr}`, Number(r.n)]));
}
