// The metrics people chart and alarm on, each a formula over sums (domain.md §4.5), so the same
// definition serves one interval, a rollup bucket or a whole range. Isomorphic.
import type { Layer } from "./qoe";
import { histogramPercentile } from "./qoe";

/** Sums of stream intervals: a rollup row (stream_rollup_*) in camelCase. */
export interface StreamSums {
  devices: number;
  impairedDevices: number;
  intervals: number;
  secs: number;
  rtpExpected: number;
  rtpLost: number;
  rtpLostBeforeEc: number;
  lossEvents: number;
  lossEventsBeforeEc: number;
  severeLossEvents: number;
  tsPackets: number;
  tsCcErrors: number;
  tsCcErrorsBeforeCa: number;
  tsSyncErrors: number;
  videoFrames: number;
  videoLost: number;
  videoConcealed: number;
  videoILost: number;
  avResyncs: number;
  audioFrames: number;
  audioErrors: number;
  underruns: number;
  overruns: number;
  emptyBufferMs: number;
  zaps: number;
  zapFailures: number;
  zapMsSum: number;
  zapMsMax: number;
  zapHist: number[];
  igmpJoinMsMax: number | null;
  impairedIp: number;
  impairedTs: number;
  impairedDecoder: number;
  impairedBuffer: number;
  impairedAny: number;
  qoeWeighted: number;
  qoeHist: number[];
}

/** Sums of DSL line intervals (line_rollup_*). */
export interface LineSums {
  devices: number;
  impairedDevices: number;
  intervals: number;
  secs: number;
  showtimeSecs: number;
  erroredSecs: number;
  severelyErroredSecs: number;
  crcErrors: number;
  fecErrors: number;
  resyncs: number;
  bytesRx: number;
  bytesTx: number;
  dsRateSum: number;
  usRateSum: number;
  dsMarginSum: number;
  usMarginSum: number;
  gaugeSamples: number;
  dsMarginMin: number | null;
}

export type KpiGroup = Layer | "zapping" | "qoe" | "dsl";

export interface Kpi<S> {
  key: string;
  label: string;
  group: KpiGroup;
  unit: string;
  /** Larger is worse (alarm operator "gt") unless false */
  higherIsWorse: boolean;
  /** null when the sums hold no data for it */
  value: (s: S) => number | null;
}

const per = (num: number, den: number) => (den > 0 ? num / den : null);
const perHour = (count: number, secs: number) => (secs > 0 ? (count * 3600) / secs : null);

export const STREAM_KPIS: readonly Kpi<StreamSums>[] = [
  {
    key: "qoe",
    label: "QoE score",
    group: "qoe",
    unit: "MOS",
    higherIsWorse: false,
    value: (s) => per(s.qoeWeighted, s.secs),
  },
  {
    key: "impaired_pct",
    label: "Viewing time impaired",
    group: "qoe",
    unit: "%",
    higherIsWorse: true,
    value: (s) => pct(s.impairedAny, s.secs),
  },
  {
    key: "impaired_ip_pct",
    label: "Impaired at IP",
    group: "ip",
    unit: "%",
    higherIsWorse: true,
    value: (s) => pct(s.impairedIp, s.secs),
  },
  {
    key: "impaired_ts_pct",
    label: "Impaired at MPEG-TS",
    group: "ts",
    unit: "%",
    higherIsWorse: true,
    value: (s) => pct(s.impairedTs, s.secs),
  },
  {
    key: "impaired_decoder_pct",
    label: "Impaired at decoder",
    group: "decoder",
    unit: "%",
    higherIsWorse: true,
    value: (s) => pct(s.impairedDecoder, s.secs),
  },
  {
    key: "impaired_buffer_pct",
    label: "Impaired at buffer",
    group: "buffer",
    unit: "%",
    higherIsWorse: true,
    value: (s) => pct(s.impairedBuffer, s.secs),
  },
  {
    key: "loss_ratio",
    label: "RTP loss after EC",
    group: "ip",
    unit: "ratio",
    higherIsWorse: true,
    value: (s) => per(s.rtpLost, s.rtpExpected),
  },
  {
    key: "loss_ratio_before_ec",
    label: "RTP loss before EC",
    group: "ip",
    unit: "ratio",
    higherIsWorse: true,
    value: (s) => per(s.rtpLostBeforeEc, s.rtpExpected),
  },
  {
    key: "ec_effectiveness",
    label: "EC effectiveness",
    group: "ip",
    unit: "ratio",
    higherIsWorse: false,
    value: (s) => (s.rtpLostBeforeEc > 0 ? 1 - s.rtpLost / s.rtpLostBeforeEc : null),
  },
  {
    key: "loss_events_per_hour",
    label: "Loss events",
    group: "ip",
    unit: "/h",
    higherIsWorse: true,
    value: (s) => perHour(s.lossEvents, s.secs),
  },
  {
    key: "severe_loss_per_hour",
    label: "Severe loss events",
    group: "ip",
    unit: "/h",
    higherIsWorse: true,
    value: (s) => perHour(s.severeLossEvents, s.secs),
  },
  {
    key: "mlr",
    label: "Media loss rate (approx.)",
    group: "ip",
    unit: "TS pkt/s",
    higherIsWorse: true,
    value: (s) => per(s.rtpLost * 7, s.secs),
  },
  {
    key: "cc_errors_per_hour",
    label: "TS continuity errors",
    group: "ts",
    unit: "/h",
    higherIsWorse: true,
    value: (s) => perHour(s.tsCcErrors, s.secs),
  },
  {
    key: "cc_errors_ca_per_hour",
    label: "CA-induced continuity errors",
    group: "ts",
    unit: "/h",
    higherIsWorse: true,
    value: (s) => perHour(Math.max(0, s.tsCcErrors - s.tsCcErrorsBeforeCa), s.secs),
  },
  {
    key: "ts_sync_errors_per_hour",
    label: "TS sync errors",
    group: "ts",
    unit: "/h",
    higherIsWorse: true,
    value: (s) => perHour(s.tsSyncErrors, s.secs),
  },
  {
    key: "frame_loss_ratio",
    label: "Video frame loss",
    group: "decoder",
    unit: "ratio",
    higherIsWorse: true,
    value: (s) => per(s.videoLost, s.videoFrames),
  },
  {
    key: "concealment_ratio",
    label: "Concealed frames",
    group: "decoder",
    unit: "ratio",
    higherIsWorse: true,
    value: (s) => per(s.videoConcealed, s.videoFrames),
  },
  {
    key: "i_frame_loss_per_hour",
    label: "I-frame loss",
    group: "decoder",
    unit: "/h",
    higherIsWorse: true,
    value: (s) => perHour(s.videoILost, s.secs),
  },
  {
    key: "av_resyncs_per_hour",
    label: "A/V resyncs",
    group: "decoder",
    unit: "/h",
    higherIsWorse: true,
    value: (s) => perHour(s.avResyncs, s.secs),
  },
  {
    key: "audio_error_ratio",
    label: "Audio decoding errors",
    group: "decoder",
    unit: "ratio",
    higherIsWorse: true,
    value: (s) => per(s.audioErrors, s.audioFrames),
  },
  {
    key: "frozen_fraction",
    label: "Frozen time",
    group: "buffer",
    unit: "ratio",
    higherIsWorse: true,
    value: (s) => per(s.emptyBufferMs, s.secs * 1000),
  },
  {
    key: "underruns_per_hour",
    label: "Buffer underruns",
    group: "buffer",
    unit: "/h",
    higherIsWorse: true,
    value: (s) => perHour(s.underruns, s.secs),
  },
  {
    key: "overruns_per_hour",
    label: "Buffer overruns",
    group: "buffer",
    unit: "/h",
    higherIsWorse: true,
    value: (s) => perHour(s.overruns, s.secs),
  },
  {
    key: "zap_p50",
    label: "Channel change p50",
    group: "zapping",
    unit: "ms",
    higherIsWorse: true,
    value: (s) => histogramPercentile(s.zapHist, 0.5),
  },
  {
    key: "zap_p95",
    label: "Channel change p95",
    group: "zapping",
    unit: "ms",
    higherIsWorse: true,
    value: (s) => histogramPercentile(s.zapHist, 0.95),
  },
  {
    key: "zap_failure_ratio",
    label: "Channel change failures",
    group: "zapping",
    unit: "ratio",
    higherIsWorse: true,
    value: (s) => per(s.zapFailures, s.zaps),
  },
  {
    key: "igmp_join_ms_max",
    label: "IGMP join delay (max)",
    group: "zapping",
    unit: "ms",
    higherIsWorse: true,
    value: (s) => s.igmpJoinMsMax,
  },
];

export const LINE_KPIS: readonly Kpi<LineSums>[] = [
  {
    key: "dsl_es_per_hour",
    label: "DSL errored seconds",
    group: "dsl",
    unit: "/h",
    higherIsWorse: true,
    value: (s) => perHour(s.erroredSecs, s.secs),
  },
  {
    key: "dsl_ses_per_hour",
    label: "DSL severely errored seconds",
    group: "dsl",
    unit: "/h",
    higherIsWorse: true,
    value: (s) => perHour(s.severelyErroredSecs, s.secs),
  },
  {
    key: "dsl_crc_per_hour",
    label: "DSL CRC errors (code violations)",
    group: "dsl",
    unit: "/h",
    higherIsWorse: true,
    value: (s) => perHour(s.crcErrors, s.secs),
  },
  {
    key: "dsl_resyncs_per_day",
    label: "DSL resyncs",
    group: "dsl",
    unit: "/day",
    higherIsWorse: true,
    value: (s) => (s.secs > 0 ? (s.resyncs * 86400) / s.secs : null),
  },
  {
    key: "dsl_ds_margin",
    label: "Downstream SNR margin",
    group: "dsl",
    unit: "dB",
    higherIsWorse: false,
    value: (s) => (s.gaugeSamples > 0 ? s.dsMarginSum / s.gaugeSamples / 10 : null),
  },
  {
    key: "dsl_ds_rate",
    label: "Downstream rate",
    group: "dsl",
    unit: "kbit/s",
    higherIsWorse: false,
    value: (s) => per(s.dsRateSum, s.gaugeSamples),
  },
  {
    key: "dsl_us_rate",
    label: "Upstream rate",
    group: "dsl",
    unit: "kbit/s",
    higherIsWorse: false,
    value: (s) => per(s.usRateSum, s.gaugeSamples),
  },
];

function pct(num: number, den: number): number | null {
  return den > 0 ? (100 * num) / den : null;
}

export const KPI_KEYS = [...STREAM_KPIS, ...LINE_KPIS].map((k) => k.key);
export const findStreamKpi = (key: string) => STREAM_KPIS.find((k) => k.key === key);
export const findLineKpi = (key: string) => LINE_KPIS.find((k) => k.key === key);

/** Rollup dimensions (the `dim` column). */
export const DIMENSIONS = {
  fleet: 0,
  channel: 1,
  model: 2,
  software: 3,
  access_node: 4,
  region: 5,
  device: 6,
} as const;
export type Dimension = keyof typeof DIMENSIONS;
/** Separator in a software key: `<model>${SOFTWARE_KEY_SEP}<version>`. */
export const SOFTWARE_KEY_SEP = " / ";
