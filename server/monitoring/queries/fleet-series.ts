// The fleet overview's time series: per point the devices watching, the QoE, the share of viewing time
// impaired per layer and the viewing seconds per QoE band, for the fleet or one scope.
import type { z } from "zod";
import { FLEET_KEY, type fleetSeriesInput, type FleetSeries } from "../../../lib/monitoring/query-api";
import { LAYERS } from "../../../lib/monitoring/qoe";
import type { StreamSums } from "../../../lib/monitoring/kpis";
import { DIMENSIONS } from "../../../lib/monitoring/kpis";
import { readDb } from "../../db";
import { STREAM_AGGREGATES, ZAP_LATERAL, selectList, toStreamSums } from "../store/rollup-sql";
import { keyCondition, levelFor, rollupTable, windowOf } from "./source";

/** Raw points are 5-minute bins (the 1-hour range). */
const RAW_BIN = "5 minutes";

export async function fleetSeries(input: z.input<typeof fleetSeriesInput>): Promise<FleetSeries> {
  const scope = input.scope ?? { dim: "fleet" as const, key: FLEET_KEY };
  const level = levelFor(input.range, scope.dim);
  const window = windowOf(input.range, level);
  const params: unknown[] = [window.from.toISOString(), window.to.toISOString()];
  let sql: string;
  if (level === "raw") {
    const [cond, value] = keyCondition(scope.dim, "s", 3, scope.key);
    params.push(value);
    sql = `SELECT date_bin('${RAW_BIN}', s.ts, TIMESTAMPTZ '2000-01-01') AS t, ${selectList(STREAM_AGGREGATES)}
      FROM stream_interval s ${ZAP_LATERAL}
      WHERE s.ts >= $1 AND s.ts < $2 AND ${cond} GROUP BY 1 ORDER BY 1 LIMIT 1000`;
  } else {
    params.push(DIMENSIONS[scope.dim], scope.key);
    sql = `SELECT r.bucket AS t, r.* FROM ${rollupTable("stream", level)} r
      WHERE r.dim = $3 AND r.key = $4 AND r.bucket >= $1 AND r.bucket < $2 ORDER BY r.bucket LIMIT 1000`;
  }
  const rows = await readDb().$queryRawUnsafe<Record<string, unknown>[]>(sql, ...params);
  return { level, points: rows.map((row) => point(new Date(row.t as Date | string), toStreamSums(row))) };
}

const pct = (n: number, secs: number) => (secs > 0 ? (100 * n) / secs : null);

function point(t: Date, s: StreamSums): FleetSeries["points"][number] {
  const byLayer = {
    ip: s.impairedIp,
    ts: s.impairedTs,
    decoder: s.impairedDecoder,
    buffer: s.impairedBuffer,
  };
  const impairedPct = Object.fromEntries(LAYERS.map((l) => [l, pct(byLayer[l], s.secs)])) as Record<
    (typeof LAYERS)[number],
    number | null
  >;
  return {
    t: t.toISOString(),
    devices: s.devices,
    impairedDevices: s.impairedDevices,
    secs: s.secs,
    qoe: s.secs > 0 ? s.qoeWeighted / s.secs : null,
    impairedPct: { ...impairedPct, any: pct(s.impairedAny, s.secs) },
    qoeBands: s.qoeHist,
  };
}
