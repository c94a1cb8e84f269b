// A drill-down's device list: the devices of one scope (a channel, node, region, model, version, one
// device or the fleet) over a range, worst first, with their impaired seconds per layer and QoE. Read
// from the raw intervals (the scope needs the row's dimensions), so at most the raw retention back;
// the fleet and a single device, which need no dimension, from the per-device rollups beyond 1 hour.
import type { z } from "zod";
import type { QueryLevel, scopeDevicesInput, ScopeDeviceRow } from "../../../lib/monitoring/query-api";
import { RANGE_MS } from "../../../lib/monitoring/query-api";
import { readDb } from "../../db";
import { settings } from "../../env";
import { HOUSEHOLD_SQL } from "../store/ingest";
import { keyCondition, levelFor, rollupTable, windowOf } from "./source";

export async function scopeDevices(
  input: z.input<typeof scopeDevicesInput>,
): Promise<{ level: QueryLevel; rows: ScopeDeviceRow[]; nextCursor: number | null }> {
  const limit = Math.min(200, Math.max(1, input.limit ?? 50));
  const offset = Math.min(100_000, Math.max(0, input.cursor ?? 0));
  const span = Math.min(RANGE_MS[input.range], settings().MONITORING_RAW_DAYS * 86_400_000);
  const now = Date.now();
  const [cond, value] = keyCondition(input.dim, "s", 3, input.key);
  const order = input.layer ? `impaired_${input.layer}` : "impaired_any";
  const deviceLevel = levelFor(input.range, "device");
  const fromRollup = (input.dim === "fleet" || input.dim === "device") && deviceLevel !== "raw";
  const window = fromRollup
    ? windowOf(input.range, deviceLevel)
    : { from: new Date(now - span), to: new Date(now) };
  const agg = fromRollup
    ? `SELECT r.key::int4 AS device_id, NULL::text AS model, NULL::text AS software, sum(r.secs)::int8 AS secs,
         sum(r.impaired_ip)::int8 AS impaired_ip, sum(r.impaired_ts)::int8 AS impaired_ts,
         sum(r.impaired_decoder)::int8 AS impaired_decoder, sum(r.impaired_buffer)::int8 AS impaired_buffer,
         sum(r.impaired_any)::int8 AS impaired_any, sum(r.qoe_weighted) AS qoe_weighted
       FROM ${rollupTable("stream", deviceLevel)} r
       WHERE r.dim = 6 AND r.bucket >= $1 AND r.bucket < $2 AND ($3::text IS NULL OR r.key = $3::text)
       GROUP BY r.key
       ${input.layer ? `HAVING sum(r.impaired_${input.layer}) > 0` : ""}
       ORDER BY ${order} DESC, r.key::int4`
    : "";
  const rows = await readDb().$queryRawUnsafe<Record<string, unknown>[]>(
    fromRollup
      ? `WITH agg AS (${agg} LIMIT ${limit + 1} OFFSET ${offset})
         SELECT agg.*, COALESCE(agg.model, NULLIF(d."modelName", ''), d."productClass") AS model,
           COALESCE(agg.software, d."softwareVersion") AS software, d."serialNumber" AS serial,
           ${HOUSEHOLD_SQL} AS household
         FROM agg JOIN "Device" d ON d.id = agg.device_id
         ORDER BY agg.${order} DESC, agg.device_id`
      : `WITH agg AS (
       SELECT s.device_id, max(s.model) AS model, max(s.software) AS software, sum(s.secs)::int8 AS secs,
         sum(s.impaired_ip)::int8 AS impaired_ip, sum(s.impaired_ts)::int8 AS impaired_ts,
         sum(s.impaired_decoder)::int8 AS impaired_decoder, sum(s.impaired_buffer)::int8 AS impaired_buffer,
         sum(GREATEST(s.impaired_ip, s.impaired_ts, s.impaired_decoder, s.impaired_buffer))::int8 AS impaired_any,
         sum(s.qoe::float8 * s.secs) AS qoe_weighted
       FROM stream_interval s
       WHERE s.ts >= $1 AND s.ts < $2 AND ${cond}
       GROUP BY s.device_id
       ${input.layer ? `HAVING sum(s.impaired_${input.layer}) > 0` : ""}
       ORDER BY ${order} DESC, s.device_id
       LIMIT ${limit + 1} OFFSET ${offset})
     SELECT agg.*, d."serialNumber" AS serial, ${HOUSEHOLD_SQL} AS household
     FROM agg JOIN "Device" d ON d.id = agg.device_id
     ORDER BY agg.${order} DESC, agg.device_id`,
    window.from.toISOString(),
    window.to.toISOString(),
    fromRollup ? (input.dim === "device" ? input.key : null) : value,
  );
  const n = (v: unknown) => Number(v ?? 0);
  return {
    level: fromRollup ? deviceLevel : "raw",
    rows: rows.slice(0, limit).map((r) => ({
      deviceId: n(r.device_id),
      serialNumber: String(r.serial),
      model: String(r.model),
      software: String(r.software),
      household: (r.household as string | null) ?? "",
      secs: n(r.secs),
      impairedSecs: {
        ip: n(r.impaired_ip),
        ts: n(r.impaired_ts),
        decoder: n(r.impaired_decoder),
        buffer: n(r.impaired_buffer),
        any: n(r.impaired_any),
      },
      qoe: n(r.secs) > 0 ? n(r.qoe_weighted) / n(r.secs) : null,
    })),
    nextCursor: rows.length > limit ? offset + limit : null,
  };
}
