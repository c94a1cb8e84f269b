// Channel ranking: per channel, viewing hours and share (published hour cells), average daily reach
// (published day cells), reach as a share of the panel (published panel rows) and minutes per viewer.
import type { AudienceFilter, Ranking } from "../../../lib/audience/report-api";
import {
  EMPTY_AGG,
  Params,
  UNAVAILABLE,
  addAgg,
  cellAggregates,
  cellOf,
  channelRefs,
  dataDays,
  dayWhere,
  hourWhere,
  privacyNote,
  query,
  ratio,
  scopeOf,
  toAgg,
  viewingTimeAvailable,
  type Agg,
  type Scope,
} from "./cells";

type AggRow = { key: number; value: unknown; published: unknown; suppressed: unknown };

/** Published viewing seconds per channel (hour cells; the channel filter applies). */
export async function secsByChannel(
  scope: Scope,
  opts: { allChannels?: boolean } = {},
): Promise<Map<number, Agg>> {
  const p = new Params();
  const tz = p.add(scope.tz, "text");
  const rows = await query<AggRow>(
    `SELECT h."channelId" AS key, ${cellAggregates("secs", "h")}
     FROM "AudienceHourCell" h WHERE ${hourWhere(scope, p, "h", tz, opts)} GROUP BY 1`,
    p,
  );
  return new Map(rows.map((r) => [Number(r.key), toAgg(r)]));
}

/** Published reach per channel summed over the days (day cells; regions, segments, channels apply). */
export async function householdsByChannel(scope: Scope): Promise<Map<number, Agg>> {
  const p = new Params();
  const rows = await query<AggRow>(
    `SELECT d."channelId" AS key, ${cellAggregates("households", "d")}
     FROM "AudienceDayCell" d WHERE ${dayWhere(scope, p, "d", { channels: true })} GROUP BY 1`,
    p,
  );
  return new Map(rows.map((r) => [Number(r.key), toAgg(r)]));
}

/** Published panel (households watching anything) summed over the days: regions and segments apply. */
export async function panelTotal(scope: Scope): Promise<Agg> {
  const p = new Params();
  const [row] = await query<Omit<AggRow, "key">>(
    `SELECT ${cellAggregates("households", "d")} FROM "AudiencePanelDay" d WHERE ${dayWhere(scope, p, "d")}`,
    p,
  );
  return toAgg(row);
}

const sumAggs = (aggs: Iterable<Agg>) => [...aggs].reduce(addAgg, EMPTY_AGG);

export async function channelRanking(filter: AudienceFilter): Promise<Ranking> {
  const scope = scopeOf(filter);
  const withTime = viewingTimeAvailable(scope);
  const [days, secs, allSecs, reach, panel] = await Promise.all([
    dataDays(scope),
    withTime ? secsByChannel(scope) : Promise.resolve(new Map<number, Agg>()),
    // Share is of ALL channels' published viewing under the same days and regions, so it does not depend
    // on which channels were picked (and a channel filter adds no new way to difference).
    withTime && scope.channelIds
      ? secsByChannel(scope, { allChannels: true }).then((m) => sumAggs(m.values()))
      : Promise.resolve(null),
    householdsByChannel(scope),
    panelTotal(scope),
  ]);
  const totalSecs = (allSecs ?? sumAggs(secs.values())).value;
  const n = days.length;
  const ids = new Set<number>([...secs.keys(), ...reach.keys(), ...(scope.channelIds ?? [])]);
  const refs = await channelRefs([...ids]);
  const panelCell = n > 0 ? cellOf(panel, 1 / n) : UNAVAILABLE;
  let suppressedCells = panel.suppressed;
  const rows = [...ids].map((id) => {
    const s = secs.get(id) ?? EMPTY_AGG;
    const r = reach.get(id) ?? EMPTY_AGG;
    suppressedCells += s.suppressed + r.suppressed;
    const hours = withTime ? cellOf(s, 1 / 3600) : UNAVAILABLE;
    const reachCell = n > 0 ? cellOf(r, 1 / n) : UNAVAILABLE;
    return {
      ...refs.get(id)!,
      hours,
      share: hours.value === null ? null : ratio(s.value, totalSecs),
      reach: reachCell,
      reachPct: ratio(reachCell.value, panelCell.value),
      // minutes per reached household-day: both sums are of published cells only
      minutesPerViewer: hours.value === null || r.published === 0 ? null : ratio(s.value / 60, r.value),
    };
  });
  const key = (c: { value: number | null }) => c.value ?? -1;
  rows.sort(
    (a, b) =>
      key(b.hours) - key(a.hours) || key(b.reach) - key(a.reach) || a.name.localeCompare(b.name, "en"),
  );
  return { privacy: privacyNote(scope, suppressedCells), days: n, rows, panel: panelCell };
}
