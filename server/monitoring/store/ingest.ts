// Writes checked per-interval rows: one INSERT ... SELECT FROM unnest(...) per batch, the device's
// dimensions (model, software, access node, region) joined in the same statement, duplicates of an
// interval already stored ignored (the unique key), and the rollup buckets touched marked dirty.
import {
  clampCount,
  BIG_MAX,
  INTERVAL_SOURCES,
  type LineInterval,
  type StreamInterval,
} from "../../../lib/monitoring/intervals";
import { impairedLayers, qoeScore } from "../../../lib/monitoring/qoe";
import { db } from "../../db";
import { settings } from "../../env";
import { ensurePartitions } from "./partitions";
import { markDirty } from "./dirty";

export interface WriteResult {
  /** Rows stored */
  written: number;
  /** Rows whose interval was already stored (a re-sent report) */
  duplicates: number;
  /** Rows outside what the store keeps (older than raw retention, or more than an hour ahead) */
  outOfRange: number;
}

/** Rows per statement: bounded so one huge report never builds one huge statement. */
export const WRITE_BATCH = 2_000;

const HOUSEHOLD = `COALESCE(NULLIF(d."subscriberId", ''), NULLIF(d."gatewaySerialNumber", ''), d."serialNumber")`;
/** The dimension columns every interval row carries, from the device and its household's topology. */
export const DIMENSION_JOIN = `JOIN "Device" d ON d.id = u.device_id
  LEFT JOIN "TopologyEntry" t ON t.household = ${HOUSEHOLD}
  LEFT JOIN "AccessNode" n ON n.id = t."accessNodeId"`;
export const DIMENSION_COLUMNS = `COALESCE(NULLIF(d."modelName", ''), d."productClass"), d."softwareVersion",
  t."accessNodeId", COALESCE(t."regionId", n."regionId")`;
export { HOUSEHOLD as HOUSEHOLD_SQL };

const STREAM_COUNTERS = [
  ["rtp_expected", "rtpExpected", "int8"],
  ["rtp_lost", "rtpLost", "int8"],
  ["rtp_lost_before_ec", "rtpLostBeforeEc", "int8"],
  ["loss_events", "lossEvents", "int4"],
  ["loss_events_before_ec", "lossEventsBeforeEc", "int4"],
  ["severe_loss_events", "severeLossEvents", "int4"],
  ["ts_packets", "tsPackets", "int8"],
  ["ts_cc_errors", "tsCcErrors", "int4"],
  ["ts_cc_errors_before_ca", "tsCcErrorsBeforeCa", "int4"],
  ["ts_sync_errors", "tsSyncErrors", "int4"],
  ["video_frames", "videoFrames", "int8"],
  ["video_lost", "videoLost", "int4"],
  ["video_concealed", "videoConcealed", "int4"],
  ["video_i_lost", "videoILost", "int4"],
  ["av_resyncs", "avResyncs", "int4"],
  ["audio_frames", "audioFrames", "int8"],
  ["audio_errors", "audioErrors", "int4"],
  ["underruns", "underruns", "int4"],
  ["overruns", "overruns", "int4"],
  ["empty_buffer_ms", "emptyBufferMs", "int8"],
  ["zaps", "zaps", "int4"],
  ["zap_failures", "zapFailures", "int4"],
] as const satisfies readonly (readonly [string, keyof StreamInterval, "int4" | "int8"])[];

const LINE_COUNTERS = [
  ["showtime_secs", "showtimeSecs", "int4"],
  ["errored_secs", "erroredSecs", "int4"],
  ["severely_errored_secs", "severelyErroredSecs", "int4"],
  ["crc_errors", "crcErrors", "int8"],
  ["fec_errors", "fecErrors", "int8"],
  ["resyncs", "resyncs", "int4"],
  ["bytes_rx", "bytesRx", "int8"],
  ["bytes_tx", "bytesTx", "int8"],
] as const satisfies readonly (readonly [string, keyof LineInterval, "int4" | "int8"])[];

const LINE_GAUGES = [
  ["ds_rate", "dsRate"],
  ["us_rate", "usRate"],
  ["ds_margin", "dsMargin"],
  ["us_margin", "usMargin"],
  ["ds_attenuation", "dsAttenuation"],
] as const satisfies readonly (readonly [string, keyof LineInterval])[];

const count = (v: number, type: "int4" | "int8") => clampCount(v, type === "int8" ? BIG_MAX : undefined);
const gauge = (v: number | null) =>
  v === null || !Number.isFinite(v) ? null : Math.max(-2_147_483_648, Math.min(2_147_483_647, Math.round(v)));

function inRange(ts: Date, now: number): boolean {
  const t = ts.getTime();
  return Number.isFinite(t) && t >= now - settings().MONITORING_RAW_DAYS * 86_400_000 && t <= now + 3_600_000;
}

export async function writeStreamIntervals(rows: readonly StreamInterval[]): Promise<WriteResult> {
  const now = Date.now();
  const keep = rows.filter((r) => inRange(r.ts, now) && r.secs > 0);
  const result: WriteResult = { written: 0, duplicates: 0, outOfRange: rows.length - keep.length };
  for (let i = 0; i < keep.length; i += WRITE_BATCH) {
    const batch = keep.slice(i, i + WRITE_BATCH);
    await ensurePartitions(
      "stream_interval",
      batch.map((r) => r.ts),
    );
    const written = await insertStream(batch);
    result.written += written;
    result.duplicates += batch.length - written;
    await markDirty(
      "stream",
      batch.map((r) => r.ts),
    );
  }
  return result;
}

async function insertStream(batch: readonly StreamInterval[]): Promise<number> {
  const layers = batch.map((r) => impairedLayers(r, r.secs));
  const params: unknown[] = [
    batch.map((r) => r.deviceId),
    batch.map((r) => r.ts.toISOString()),
    batch.map((r) => clampCount(r.secs)),
    batch.map((r) => Math.min(32767, Math.max(1, Math.floor(r.stream)))),
    batch.map((r) => INTERVAL_SOURCES[r.source]),
    batch.map((r) => r.channelId),
    ...STREAM_COUNTERS.map(([, key, type]) => batch.map((r) => count(r[key], type))),
    batch.map(
      (r) =>
        `{${r.zapMs
          .slice(0, 32)
          .map((z) => clampCount(z))
          .join(",")}}`,
    ),
    batch.map((r) => (r.igmpJoinMs === null ? null : clampCount(r.igmpJoinMs))),
    batch.map((r) => Math.max(0, ...r.zapMs.map((z) => clampCount(z)))),
    batch.map((r) => r.zapMs.reduce((a, z) => a + clampCount(z), 0)),
    layers.map((l, k) => (l.ip ? batch[k]!.secs : 0)),
    layers.map((l, k) => (l.ts ? batch[k]!.secs : 0)),
    layers.map((l, k) => (l.decoder ? batch[k]!.secs : 0)),
    layers.map((l, k) => (l.buffer ? batch[k]!.secs : 0)),
    batch.map((r) => qoeScore(r, r.secs)),
  ];
  const counters = STREAM_COUNTERS.map(([column]) => column);
  const inputs = [
    "device_id int4",
    "ts timestamptz",
    "secs int4",
    "stream int2",
    "source int2",
    "channel_id int4",
    ...STREAM_COUNTERS.map(([column, , type]) => `${column} ${type}`),
    "zap_ms text",
    "igmp_join_ms int4",
    "zap_ms_max int4",
    "zap_ms_sum int8",
    "impaired_ip int4",
    "impaired_ts int4",
    "impaired_decoder int4",
    "impaired_buffer int4",
    "qoe float4",
  ];
  const sql = `INSERT INTO stream_interval (device_id, ts, secs, stream, source, channel_id,
      model, software, access_node_id, region_id, ${counters.join(", ")}, zap_ms, igmp_join_ms, zap_ms_max,
      zap_ms_sum, impaired_ip, impaired_ts, impaired_decoder, impaired_buffer, qoe)
    SELECT u.device_id, u.ts, u.secs, u.stream, u.source, u.channel_id, ${DIMENSION_COLUMNS},
      ${counters.map((c) => `u.${c}`).join(", ")}, u.zap_ms::int4[], u.igmp_join_ms, u.zap_ms_max, u.zap_ms_sum,
      u.impaired_ip, u.impaired_ts, u.impaired_decoder, u.impaired_buffer, u.qoe
    FROM unnest(${inputs.map((c, k) => `$${k + 1}::${c.split(" ")[1]}[]`).join(", ")})
      AS u(${inputs.map((c) => c.split(" ")[0]).join(", ")})
    ${DIMENSION_JOIN}
    ON CONFLICT (device_id, stream, ts) DO NOTHING`;
  return db().$executeRawUnsafe(sql, ...params);
}

export async function writeLineIntervals(rows: readonly LineInterval[]): Promise<WriteResult> {
  const now = Date.now();
  const keep = rows.filter((r) => inRange(r.ts, now) && r.secs > 0);
  const result: WriteResult = { written: 0, duplicates: 0, outOfRange: rows.length - keep.length };
  for (let i = 0; i < keep.length; i += WRITE_BATCH) {
    const batch = keep.slice(i, i + WRITE_BATCH);
    await ensurePartitions(
      "line_interval",
      batch.map((r) => r.ts),
    );
    const inputs = [
      "device_id int4",
      "ts timestamptz",
      "secs int4",
      "line int2",
      "source int2",
      ...LINE_COUNTERS.map(([column, , type]) => `${column} ${type}`),
      ...LINE_GAUGES.map(([column]) => `${column} int4`),
    ];
    const params: unknown[] = [
      batch.map((r) => r.deviceId),
      batch.map((r) => r.ts.toISOString()),
      batch.map((r) => clampCount(r.secs)),
      batch.map((r) => Math.min(32767, Math.max(1, Math.floor(r.line)))),
      batch.map((r) => INTERVAL_SOURCES[r.source]),
      ...LINE_COUNTERS.map(([, key, type]) => batch.map((r) => count(r[key], type))),
      ...LINE_GAUGES.map(([, key]) => batch.map((r) => gauge(r[key]))),
    ];
    const names = inputs.map((c) => c.split(" ")[0]!);
    const own = names.filter(
      (n) => n !== "device_id" && n !== "ts" && n !== "secs" && n !== "line" && n !== "source",
    );
    const sql = `INSERT INTO line_interval (device_id, ts, secs, line, source, model, software, access_node_id,
        region_id, ${own.join(", ")})
      SELECT u.device_id, u.ts, u.secs, u.line, u.source, ${DIMENSION_COLUMNS}, ${own.map((c) => `u.${c}`).join(", ")}
      FROM unnest(${inputs.map((c, k) => `$${k + 1}::${c.split(" ")[1]}[]`).join(", ")}) AS u(${names.join(", ")})
      ${DIMENSION_JOIN}
      ON CONFLICT (device_id, line, ts) DO NOTHING`;
    const written = await db().$executeRawUnsafe(sql, ...params);
    result.written += written;
    result.duplicates += batch.length - written;
    await markDirty(
      "line",
      batch.map((r) => r.ts),
    );
  }
  return result;
}
