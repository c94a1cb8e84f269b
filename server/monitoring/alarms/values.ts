// A rule's metric per scope value over a time window, from the raw per-interval rows (their dimension
// columns; household through the Device row). The KPI formula itself is the catalogue's
// (lib/monitoring/kpis.ts) applied to the sums, so an alarm reads the same number as the dashboards.
import { findLineKpi, findStreamKpi, type LineSums, type StreamSums } from "../../../lib/monitoring/kpis";
import { ZAP_BIN_EDGES } from "../../../lib/monitoring/qoe";
import type { AlarmScope } from "../../../lib/monitoring/alarm-schema";
import { db } from "../../db";
import { HOUSEHOLD_SQL } from "../store/ingest";
import { IMPAIRED_ANY, LINE_SUMMED, STREAM_SUMMED } from "../store/rollup-sql";

/** Groups one evaluation reads at most (a device-scope rule on a huge fleet reads a bounded part). */
export const MAX_GROUPS = 50_000;

export interface ScopeValue {
  key: string;
  value: number;
  secs: number;
}

const KEY_SQL: Record<AlarmScope, string> = {
  device: "s.device_id::text",
  household: HOUSEHOLD_SQL,
  channel: "s.channel_id::text",
  access_node: "s.access_node_id::text",
  region: "s.region_id::text",
  model: "s.model",
  fleet: "'fleet'",
};

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const IMPAIRED = IMPAIRED_ANY;

interface Query {
  table: "stream_interval" | "line_interval";
  scope: AlarmScope;
  scopeKey: string | null | undefined;
  from: Date;
  to: Date;
  minSeconds: number;
}

/** Rows whose interval overlaps [from, to): the ts bound keeps partition pruning, the overlap is exact. */
function where(q: Query, key: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [q.from.toISOString(), q.to.toISOString()];
  let sql = `s.ts >= $1::timestamptz - interval '1 day' AND s.ts < $2::timestamptz
    AND s.ts + make_interval(secs => s.secs) > $1::timestamptz AND ${key} IS NOT NULL`;
  if (q.scopeKey) {
    params.push(q.scopeKey);
    sql += ` AND ${key} = $3`;
  }
  return { sql, params };
}

const join = (q: Query) => (q.scope === "household" ? `JOIN "Device" d ON d.id = s.device_id` : "");

async function streamGroups(q: Query, zap: boolean): Promise<Map<string, StreamSums>> {
  const key = KEY_SQL[q.scope];
  const { sql: cond, params } = where(q, key);
  const rows = await db().$queryRawUnsafe<Record<string, number | string | null>[]>(
    `SELECT ${key} AS key, count(DISTINCT s.device_id)::float8 AS devices,
       (count(DISTINCT s.device_id) FILTER (WHERE ${IMPAIRED} > 0))::float8 AS impaired_devices,
       count(*)::float8 AS intervals, sum(s.secs)::float8 AS secs,
       ${STREAM_SUMMED.map((c) => `sum(s.${c})::float8 AS ${c}`).join(", ")},
       max(s.zap_ms_max)::float8 AS zap_ms_max, max(s.igmp_join_ms)::float8 AS igmp_join_ms_max,
       sum(CASE WHEN ${IMPAIRED} > 0 THEN s.secs ELSE 0 END)::float8 AS impaired_any,
       sum(s.qoe * s.secs)::float8 AS qoe_weighted
     FROM stream_interval s ${join(q)} WHERE ${cond}
     GROUP BY 1 HAVING sum(s.secs) >= ${Math.floor(q.minSeconds)} LIMIT ${MAX_GROUPS}`,
    ...params,
  );
  const groups = new Map<string, StreamSums>();
  for (const r of rows) {
    const sums = Object.fromEntries(
      Object.entries(r).map(([k, v]) => [camel(k), v]),
    ) as unknown as StreamSums;
    sums.zapHist = [];
    sums.qoeHist = [];
    groups.set(String(r.key), sums);
  }
  if (zap && groups.size > 0) {
    const hist = await db().$queryRawUnsafe<{ key: string; bin: number; n: number }[]>(
      `SELECT ${key} AS key, width_bucket(z, $${params.length + 1}::int4[]) AS bin, count(*)::float8 AS n
       FROM stream_interval s ${join(q)} CROSS JOIN LATERAL unnest(s.zap_ms) z WHERE ${cond} GROUP BY 1, 2`,
      ...params,
      [...ZAP_BIN_EDGES],
    );
    for (const h of hist) {
      const sums = groups.get(String(h.key));
      if (!sums) continue;
      while (sums.zapHist.length <= ZAP_BIN_EDGES.length) sums.zapHist.push(0);
      sums.zapHist[h.bin] = h.n;
    }
  }
  return groups;
}

async function lineGroups(q: Query): Promise<Map<string, LineSums>> {
  const key = KEY_SQL[q.scope];
  const { sql: cond, params } = where(q, key);
  const rows = await db().$queryRawUnsafe<Record<string, number | string | null>[]>(
    `SELECT ${key} AS key, count(DISTINCT s.device_id)::float8 AS devices,
       (count(DISTINCT s.device_id) FILTER (WHERE s.errored_secs > 0))::float8 AS impaired_devices,
       count(*)::float8 AS intervals, sum(s.secs)::float8 AS secs,
       ${LINE_SUMMED.map((c) => `sum(s.${c})::float8 AS ${c}`).join(", ")},
       COALESCE(sum(s.ds_rate), 0)::float8 AS ds_rate_sum, COALESCE(sum(s.us_rate), 0)::float8 AS us_rate_sum,
       COALESCE(sum(s.ds_margin), 0)::float8 AS ds_margin_sum, COALESCE(sum(s.us_margin), 0)::float8 AS us_margin_sum,
       count(s.ds_margin)::float8 AS gauge_samples, min(s.ds_margin)::float8 AS ds_margin_min
     FROM line_interval s ${join(q)} WHERE ${cond}
     GROUP BY 1 HAVING sum(s.secs) >= ${Math.floor(q.minSeconds)} LIMIT ${MAX_GROUPS}`,
    ...params,
  );
  return new Map(
    rows.map((r) => [
      String(r.key),
      Object.fromEntries(Object.entries(r).map(([k, v]) => [camel(k), v])) as unknown as LineSums,
    ]),
  );
}

export interface RuleQuery {
  metric: string;
  scope: AlarmScope;
  scopeKey?: string | null;
  minSeconds: number;
}

/** The metric's value per scope key over [from, to); scopes without enough viewing time are left out. */
export async function scopeValues(rule: RuleQuery, from: Date, to: Date): Promise<ScopeValue[]> {
  const q = { scope: rule.scope, scopeKey: rule.scopeKey, from, to, minSeconds: rule.minSeconds };
  const stream = findStreamKpi(rule.metric);
  const out: ScopeValue[] = [];
  if (stream) {
    const groups = await streamGroups({ ...q, table: "stream_interval" }, stream.group === "zapping");
    for (const [key, sums] of groups) {
      const value = stream.value(sums);
      if (value !== null && Number.isFinite(value)) out.push({ key, value, secs: sums.secs });
    }
    return out;
  }
  const line = findLineKpi(rule.metric);
  if (!line || rule.scope === "channel") return out;
  for (const [key, sums] of await lineGroups({ ...q, table: "line_interval" })) {
    const value = line.value(sums);
    if (value !== null && Number.isFinite(value)) out.push({ key, value, secs: sums.secs });
  }
  return out;
}
