// The aggregate SQL shared by the rollup job and the queries that read raw rows (the 1-hour range, a
// drill-down's device list): one definition of each rollup column over raw intervals, and one of how
// rollup rows of several buckets add up. Column names are the migration's.
import { QOE_BAND_EDGES, ZAP_BIN_EDGES } from "../../../lib/monitoring/qoe";
import type { LineSums, StreamSums } from "../../../lib/monitoring/kpis";

/** Stream counters summed as they are (raw column = rollup column). */
export const STREAM_SUMMED = [
  "rtp_expected",
  "rtp_lost",
  "rtp_lost_before_ec",
  "loss_events",
  "loss_events_before_ec",
  "severe_loss_events",
  "ts_packets",
  "ts_cc_errors",
  "ts_cc_errors_before_ca",
  "ts_sync_errors",
  "video_frames",
  "video_lost",
  "video_concealed",
  "video_i_lost",
  "av_resyncs",
  "audio_frames",
  "audio_errors",
  "underruns",
  "overruns",
  "empty_buffer_ms",
  "zaps",
  "zap_failures",
  "zap_ms_sum",
  "impaired_ip",
  "impaired_ts",
  "impaired_decoder",
  "impaired_buffer",
] as const;

export const LINE_SUMMED = [
  "showtime_secs",
  "errored_secs",
  "severely_errored_secs",
  "crc_errors",
  "fec_errors",
  "resyncs",
  "bytes_rx",
  "bytes_tx",
] as const;

export const ZAP_BINS = ZAP_BIN_EDGES.length + 1;
export const QOE_BANDS = QOE_BAND_EDGES.length + 1;
const ZAP_EDGES_SQL = `'{${ZAP_BIN_EDGES.join(",")}}'::int4[]`;

/** Per raw row (alias s): its zap times binned, as columns b0..b14 of the lateral `h`. */
export const ZAP_LATERAL = `LEFT JOIN LATERAL (SELECT ${Array.from(
  { length: ZAP_BINS },
  (_, i) => `count(*) FILTER (WHERE width_bucket(z, ${ZAP_EDGES_SQL}) = ${i}) AS b${i}`,
).join(", ")} FROM unnest(s.zap_ms) z) h ON s.zap_ms IS NOT NULL AND cardinality(s.zap_ms) > 0`;

/** A raw row's (alias s) impaired seconds at any layer. */
export const IMPAIRED_ANY = "GREATEST(s.impaired_ip, s.impaired_ts, s.impaired_decoder, s.impaired_buffer)";

function qoeBandFilter(band: number): string {
  const lo = band === 0 ? null : QOE_BAND_EDGES[band - 1];
  const hi = QOE_BAND_EDGES[band];
  const parts = [
    lo === undefined || lo === null ? null : `s.qoe >= ${lo}`,
    hi === undefined ? null : `s.qoe < ${hi}`,
  ];
  return parts.filter(Boolean).join(" AND ") || "true";
}

/** Rollup columns (in order, after bucket, dim, key) computed over raw stream rows `s` + `h`. */
export const STREAM_AGGREGATES: readonly [column: string, sql: string][] = [
  ["devices", "count(DISTINCT s.device_id)::int4"],
  ["impaired_devices", `(count(DISTINCT s.device_id) FILTER (WHERE ${IMPAIRED_ANY} > 0))::int4`],
  ["intervals", "count(*)::int4"],
  ["secs", "sum(s.secs)::int8"],
  ...STREAM_SUMMED.map((c): [string, string] => [c, `sum(s.${c})::int8`]),
  ["zap_ms_max", "COALESCE(max(s.zap_ms_max), 0)::int4"],
  [
    "zap_hist",
    `ARRAY[${Array.from({ length: ZAP_BINS }, (_, i) => `COALESCE(sum(h.b${i}), 0)`).join(", ")}]::int8[]`,
  ],
  ["igmp_join_ms_max", "max(s.igmp_join_ms)"],
  ["impaired_any", `sum(${IMPAIRED_ANY})::int8`],
  ["qoe_weighted", "COALESCE(sum(s.qoe::float8 * s.secs), 0)"],
  [
    "qoe_hist",
    `ARRAY[${Array.from(
      { length: QOE_BANDS },
      (_, b) => `COALESCE(sum(s.secs) FILTER (WHERE ${qoeBandFilter(b)}), 0)`,
    ).join(", ")}]::int8[]`,
  ],
];

const LINE_GAUGED = "l.ds_rate IS NOT NULL AND l.ds_margin IS NOT NULL";
/** Rollup columns computed over raw line rows `l`: a line is impaired when it had errored seconds. */
export const LINE_AGGREGATES: readonly [column: string, sql: string][] = [
  ["devices", "count(DISTINCT l.device_id)::int4"],
  [
    "impaired_devices",
    "(count(DISTINCT l.device_id) FILTER (WHERE l.errored_secs > 0 OR l.resyncs > 0))::int4",
  ],
  ["intervals", "count(*)::int4"],
  ["secs", "sum(l.secs)::int8"],
  ...LINE_SUMMED.map((c): [string, string] => [c, `sum(l.${c})::int8`]),
  ["ds_rate_sum", `COALESCE(sum(l.ds_rate) FILTER (WHERE ${LINE_GAUGED}), 0)::int8`],
  ["us_rate_sum", `COALESCE(sum(COALESCE(l.us_rate, 0)) FILTER (WHERE ${LINE_GAUGED}), 0)::int8`],
  ["ds_margin_sum", `COALESCE(sum(l.ds_margin) FILTER (WHERE ${LINE_GAUGED}), 0)::int8`],
  ["us_margin_sum", `COALESCE(sum(COALESCE(l.us_margin, 0)) FILTER (WHERE ${LINE_GAUGED}), 0)::int8`],
  ["gauge_samples", `(count(*) FILTER (WHERE ${LINE_GAUGED}))::int4`],
  ["ds_margin_min", "min(l.ds_margin)"],
];

/** Element-wise sum of a fixed-length array column over the rows aggregated (a histogram over buckets). */
export function sumArrays(column: string, length: number): string {
  return `ARRAY[${Array.from({ length }, (_, i) => `COALESCE(sum(${column}[${i + 1}]), 0)`).join(", ")}]::int8[]`;
}

/**
 * How rollup rows of several buckets add up (alias r): sums sum; devices and impaired devices are the
 * largest of any bucket (distinct devices do not add across buckets), maxima stay maxima.
 */
export const STREAM_ROLLUP_SUMS: readonly [column: string, sql: string][] = [
  ["devices", "max(r.devices)"],
  ["impaired_devices", "max(r.impaired_devices)"],
  ["intervals", "sum(r.intervals)"],
  ["secs", "sum(r.secs)"],
  ...STREAM_SUMMED.map((c): [string, string] => [c, `sum(r.${c})`]),
  ["zap_ms_max", "max(r.zap_ms_max)"],
  ["zap_hist", sumArrays("r.zap_hist", ZAP_BINS)],
  ["igmp_join_ms_max", "max(r.igmp_join_ms_max)"],
  ["impaired_any", "sum(r.impaired_any)"],
  ["qoe_weighted", "sum(r.qoe_weighted)"],
  ["qoe_hist", sumArrays("r.qoe_hist", QOE_BANDS)],
];

export const LINE_ROLLUP_SUMS: readonly [column: string, sql: string][] = [
  ["devices", "max(r.devices)"],
  ["impaired_devices", "max(r.impaired_devices)"],
  ["intervals", "sum(r.intervals)"],
  ["secs", "sum(r.secs)"],
  ...LINE_SUMMED.map((c): [string, string] => [c, `sum(r.${c})`]),
  ["ds_rate_sum", "sum(r.ds_rate_sum)"],
  ["us_rate_sum", "sum(r.us_rate_sum)"],
  ["ds_margin_sum", "sum(r.ds_margin_sum)"],
  ["us_margin_sum", "sum(r.us_margin_sum)"],
  ["gauge_samples", "sum(r.gauge_samples)"],
  ["ds_margin_min", "min(r.ds_margin_min)"],
];

export const selectList = (cols: readonly [string, string][]) =>
  cols.map(([c, sql]) => `${sql} AS ${c}`).join(",\n  ");

const camel = (c: string) => c.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const arr = (v: unknown, length: number): number[] => {
  const a = Array.isArray(v) ? v.map(num) : [];
  return Array.from({ length }, (_, i) => a[i] ?? 0);
};

/** A row with the stream rollup columns (snake_case, bigint or string numbers) as StreamSums. */
export function toStreamSums(row: Record<string, unknown>): StreamSums {
  const out: Record<string, unknown> = {};
  for (const [c] of STREAM_AGGREGATES) out[camel(c)] = num(row[c]);
  out.igmpJoinMsMax = numOrNull(row.igmp_join_ms_max);
  out.zapHist = arr(row.zap_hist, ZAP_BINS);
  out.qoeHist = arr(row.qoe_hist, QOE_BANDS);
  return out as unknown as StreamSums;
}

export function toLineSums(row: Record<string, unknown>): LineSums {
  const out: Record<string, unknown> = {};
  for (const [c] of LINE_AGGREGATES) out[camel(c)] = num(row[c]);
  out.dsMarginMin = numOrNull(row.ds_margin_min);
  return out as unknown as LineSums;
}
