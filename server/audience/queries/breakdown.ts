// By region (viewing hours + reach) or by segment (reach only: viewing time is not published by segment).
// Reach without a channel filter is the panel (households that watched anything); with channels, the chosen
// channels' day cells summed (a household reached by two chosen channels counts once per channel — the
// cells hold no union, and building one would be a new, differenceable figure).
import type { AudienceFilter, Breakdown, Cell } from "../../../lib/audience/report-api";
import {
  EMPTY_AGG,
  Params,
  UNAVAILABLE,
  cellAggregates,
  cellOf,
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
import { readDb } from "../../db";

type By = "region" | "segment";
type Row = { key: string; value: unknown; published: unknown; suppressed: unknown };

const column = (by: By) => (by === "region" ? `"regionId"::text` : "segment");

async function grouped(sql: string, p: Params): Promise<Map<string, Agg>> {
  const rows = await query<Row>(sql, p);
  return new Map(rows.map((r) => [String(r.key), toAgg(r)]));
}

function households(scope: Scope, by: By, table: "AudienceDayCell" | "AudiencePanelDay") {
  const p = new Params();
  const where = dayWhere(scope, p, "d", { channels: table === "AudienceDayCell" });
  return grouped(
    `SELECT d.${column(by)} AS key, ${cellAggregates("households", "d")}
     FROM "${table}" d WHERE ${where} GROUP BY 1`,
    p,
  );
}

function secsByRegion(scope: Scope) {
  const p = new Params();
  const tz = p.add(scope.tz, "text");
  return grouped(
    `SELECT h."regionId"::text AS key, ${cellAggregates("secs", "h")}
     FROM "AudienceHourCell" h WHERE ${hourWhere(scope, p, "h", tz)} GROUP BY 1`,
    p,
  );
}

async function labels(by: By, keys: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const key of keys)
    out.set(
      key,
      by === "segment" ? key || "(no segment)" : key === "0" ? "(unknown region)" : `Region ${key}`,
    );
  if (by === "region") {
    const ids = keys.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    const rows = ids.length
      ? await readDb().region.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
      : [];
    for (const r of rows) out.set(String(r.id), r.name);
  }
  return out;
}

export async function audienceBreakdown(filter: AudienceFilter, by: By): Promise<Breakdown> {
  const scope = scopeOf(filter);
  const timeByRegion = by === "region" && viewingTimeAvailable(scope);
  const [days, panel, reach, secs] = await Promise.all([
    dataDays(scope),
    households(scope, by, "AudiencePanelDay"),
    scope.channelIds ? households(scope, by, "AudienceDayCell") : Promise.resolve(null),
    timeByRegion ? secsByRegion(scope) : Promise.resolve(new Map<string, Agg>()),
  ]);
  const n = days.length;
  const keys = [...new Set([...panel.keys(), ...(reach?.keys() ?? []), ...secs.keys()])];
  const names = await labels(by, keys);
  let suppressedCells = 0;
  const rows = keys.map((key) => {
    const pn = panel.get(key) ?? EMPTY_AGG;
    const r = reach ? (reach.get(key) ?? EMPTY_AGG) : pn;
    const s = secs.get(key) ?? EMPTY_AGG;
    suppressedCells += pn.suppressed + (reach ? r.suppressed : 0) + s.suppressed;
    const panelCell = n > 0 ? cellOf(pn, 1 / n) : UNAVAILABLE;
    const reachCell = n > 0 ? cellOf(r, 1 / n) : UNAVAILABLE;
    const hours: Cell | null = by === "segment" ? null : timeByRegion ? cellOf(s, 1 / 3600) : UNAVAILABLE;
    return {
      key,
      label: names.get(key) ?? key,
      reach: reachCell,
      reachPct: ratio(reachCell.value, panelCell.value),
      hours,
      panel: panelCell,
    };
  });
  rows.sort((a, b) => a.label.localeCompare(b.label, "en"));
  return { privacy: privacyNote(scope, suppressedCells), by, rows };
}
