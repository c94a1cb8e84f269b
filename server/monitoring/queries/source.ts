// Where a dashboard query reads from: the level a range maps to (lib/monitoring/query-api.ts
// RANGE_LEVEL), the key expression of each dimension over raw rows, and sums by key from raw rows or
// rollups, so every query shares one definition of a scope.
import {
  FLEET_KEY,
  RANGE_LEVEL,
  RANGE_MS,
  UNKNOWN_KEY,
  type QueryLevel,
  type Range,
} from "../../../lib/monitoring/query-api";
import type { Dimension, LineSums, StreamSums } from "../../../lib/monitoring/kpis";
import { DIMENSIONS, SOFTWARE_KEY_SEP } from "../../../lib/monitoring/kpis";
import { readDb } from "../../db";
import { levelMs } from "../store/dirty";
import { coarsePieces, piecesSource } from "./coarse";
import {
  LINE_AGGREGATES,
  LINE_ROLLUP_SUMS,
  STREAM_AGGREGATES,
  STREAM_ROLLUP_SUMS,
  ZAP_LATERAL,
  selectList,
  toLineSums,
  toStreamSums,
} from "../store/rollup-sql";

export type Kind = "stream" | "line";

/** The level a query reads; the device dimension is rolled up hourly and daily only. */
export function levelFor(range: Range, dim: Dimension): QueryLevel {
  const level = RANGE_LEVEL[range];
  return level === "15m" && dim === "device" ? "1h" : level;
}

export interface Window {
  from: Date;
  to: Date;
}

/** The window of a range ending now; rollup reads start at the bucket holding `from`. */
export function windowOf(range: Range, level: QueryLevel, now = Date.now()): Window {
  const from = now - RANGE_MS[range];
  const step = level === "raw" ? 300_000 : levelMs(level);
  return { from: new Date(Math.floor(from / step) * step), to: new Date(now) };
}

/** A dimension's key over raw rows of alias `a` (same keys the rollups store). */
export function keyExpr(dim: Dimension, a: string): string {
  switch (dim) {
    case "fleet":
      return `'${FLEET_KEY}'`;
    case "channel":
      return `COALESCE(${a}.channel_id::text, '${UNKNOWN_KEY}')`;
    case "model":
      return `${a}.model`;
    case "software":
      return `${a}.model || '${SOFTWARE_KEY_SEP}' || ${a}.software`;
    case "access_node":
      return `COALESCE(${a}.access_node_id::text, '${UNKNOWN_KEY}')`;
    case "region":
      return `COALESCE(${a}.region_id::text, '${UNKNOWN_KEY}')`;
    case "device":
      return `${a}.device_id::text`;
  }
}

/**
 * A condition selecting one key of a dimension over raw rows of alias `a`, with its parameter at
 * `$n`; integer keys compare as integers so the per-dimension indexes serve them.
 */
export function keyCondition(dim: Dimension, a: string, n: number, key: string): [string, unknown] {
  const intColumn = { channel: "channel_id", access_node: "access_node_id", region: "region_id" } as const;
  if (dim === "fleet") return [`$${n}::text IS NULL`, null];
  if (dim === "device") return [`${a}.device_id = $${n}::int4`, toInt(key)];
  if (dim === "model") return [`${a}.model = $${n}`, key];
  if (dim === "software") return [`${a}.model || '${SOFTWARE_KEY_SEP}' || ${a}.software = $${n}`, key];
  const column = `${a}.${intColumn[dim]}`;
  if (key === UNKNOWN_KEY) return [`(${column} IS NULL AND $${n}::int4 IS NULL)`, null];
  return [`${column} = $${n}::int4`, toInt(key)];
}

/** An integer key, or -1 (matches nothing) for anything else. */
function toInt(key: string): number {
  const n = /^\d{1,10}$/.test(key) ? Number(key) : NaN;
  return Number.isSafeInteger(n) && n <= 2_147_483_647 ? n : -1;
}

export const rollupTable = (kind: Kind, level: Exclude<QueryLevel, "raw">) => `${kind}_rollup_${level}`;

export interface SumsQuery {
  kind: Kind;
  level: QueryLevel;
  dim: Dimension;
  window: Window;
  /** Only this key */
  key?: string;
  /** Keys with the most impaired (stream) or errored (line) seconds first, at most this many */
  limit: number;
}

/** Sums per key of a dimension over a window, from raw rows or the level's rollup. */
export async function sumsByKey(q: SumsQuery & { kind: "stream" }): Promise<Map<string, StreamSums>>;
export async function sumsByKey(q: SumsQuery & { kind: "line" }): Promise<Map<string, LineSums>>;
export async function sumsByKey(q: SumsQuery): Promise<Map<string, StreamSums | LineSums>> {
  const stream = q.kind === "stream";
  const order = stream ? "impaired_any" : "errored_secs";
  const params: unknown[] = [q.window.from.toISOString(), q.window.to.toISOString()];
  let sql: string;
  if (q.level === "raw") {
    const a = stream ? "s" : "l";
    let where = `${a}.ts >= $1 AND ${a}.ts < $2`;
    if (q.key !== undefined) {
      const [cond, value] = keyCondition(q.dim, a, 3, q.key);
      where += ` AND ${cond}`;
      params.push(value);
    }
    sql = `SELECT ${keyExpr(q.dim, a)} AS key, ${selectList(stream ? STREAM_AGGREGATES : LINE_AGGREGATES)}
      FROM ${stream ? `stream_interval s ${ZAP_LATERAL}` : "line_interval l"}
      WHERE ${where} GROUP BY 1 ORDER BY ${order} DESC, 1 LIMIT ${q.limit}`;
  } else {
    params.push(DIMENSIONS[q.dim]);
    const sums = stream ? STREAM_ROLLUP_SUMS : LINE_ROLLUP_SUMS;
    const table = rollupTable(q.kind, q.level);
    if (q.key === undefined && q.limit < 1_000) {
      // The worst keys first on one sum alone, then every sum of those keys only: a dimension with
      // many keys (devices) is aggregated in full once, on one column. Keys with none of it do not
      // rank; the stream rollups' partial index (impaired_any > 0) serves exactly these rows.
      const where = `r.dim = $3 AND r.bucket >= $1 AND r.bucket < $2 AND r.key IN (SELECT t.key FROM ${table} t
        WHERE t.dim = $3 AND t.bucket >= $1 AND t.bucket < $2 AND t.${order} > 0
        GROUP BY t.key ORDER BY sum(t.${order}) DESC, t.key LIMIT ${q.limit})`;
      sql = `SELECT r.key, ${selectList(sums)} FROM ${table} r
        WHERE ${where} GROUP BY r.key ORDER BY ${order} DESC, 1 LIMIT ${q.limit}`;
    } else {
      // Totals only: whole settled coarser buckets where they fit (a week: days, not hours).
      let inner = `dim = $3 AND bucket >= $1::timestamptz AND bucket < $2::timestamptz`;
      if (q.key !== undefined) {
        params.push(q.key);
        inner += ` AND key = $4`;
      }
      const pieces = await coarsePieces(q.kind, q.level, q.window.from, q.window.to);
      sql = `SELECT r.key, ${selectList(sums)}
        FROM ${piecesSource(q.kind, pieces, sums, inner, params)}
        GROUP BY r.key ORDER BY ${order} DESC, 1 LIMIT ${q.limit}`;
    }
  }
  const rows = await readDb().$queryRawUnsafe<Record<string, unknown>[]>(sql, ...params);
  const out = new Map<string, StreamSums | LineSums>();
  for (const row of rows) out.set(String(row.key), stream ? toStreamSums(row) : toLineSums(row));
  return out;
}

/** Readable names of a dimension's keys: channel, node and region names, device serials. */
export async function labelsOf(dim: Dimension, keys: readonly string[]): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  for (const key of keys) labels.set(key, key === UNKNOWN_KEY ? "(unknown)" : key);
  const ids = keys.map(toInt).filter((n) => n > 0);
  if (ids.length === 0) return labels;
  const table = {
    channel: "Channel",
    access_node: "AccessNode",
    region: "Region",
    device: "Device",
  } as const;
  if (!(dim in table)) return labels;
  const column = dim === "device" ? `"serialNumber"` : "name";
  const rows = await readDb().$queryRawUnsafe<{ id: number; label: string }[]>(
    `SELECT id, ${column} AS label FROM "${table[dim as keyof typeof table]}" WHERE id = ANY($1::int4[])`,
    ids,
  );
  for (const r of rows) labels.set(String(r.id), r.label);
  return labels;
}
