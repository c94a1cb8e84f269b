// The per-interval records monitoring stores: what one device measured over one interval, as deltas
// already checked for wraps, resets and duplicates (server/monitoring/collect/counters.ts). One shape
// for every source: a BulkData report, a TR-135 Sample list entry, or two Total reads by the ACS.
// Isomorphic: the collector, the simulator's tests and the console share it.

/** Where an interval came from (the `source` column). */
export const INTERVAL_SOURCES = { bulkdata: 1, samples: 2, totals: 3 } as const;
export type IntervalSource = keyof typeof INTERVAL_SOURCES;

/** Counters of one stream interval (TR-135 MainStream statistics, per-interval deltas). */
export interface StreamCounters {
  rtpExpected: number;
  rtpLost: number;
  rtpLostBeforeEc: number;
  lossEvents: number;
  lossEventsBeforeEc: number;
  /** SevereLossIndexCount + SevereLossLengthCount */
  severeLossEvents: number;
  tsPackets: number;
  /** MPEG2TSStats.PacketDiscontinuityCounter (continuity-count errors after CA) */
  tsCcErrors: number;
  tsCcErrorsBeforeCa: number;
  /** TSSyncLossCount + TSSyncByteErrorCount (meaningful on non-IP front ends only) */
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
  /** Channel changes in the interval and how many failed (ChannelChangeFailures) */
  zaps: number;
  zapFailures: number;
  /** Per-zap times (VideoSystemResponse), at most MAX_ZAPS_PER_INTERVAL kept */
  zapMs: number[];
  /** Largest IGMP join delay seen (ms), when reported */
  igmpJoinMs: number | null;
}

export const MAX_ZAPS_PER_INTERVAL = 32;

export interface StreamInterval extends StreamCounters {
  deviceId: number;
  /** Interval start */
  ts: Date;
  /** Seconds measured (SampleSeconds / TotalSeconds delta): viewing time */
  secs: number;
  /** MainStream instance number */
  stream: number;
  source: IntervalSource;
  /** Channel the box was on (resolved from the line-up), null when unknown */
  channelId: number | null;
}

/** Counters of one DSL line interval (gauges are the value at the interval's end). */
export interface LineCounters {
  showtimeSecs: number;
  erroredSecs: number;
  severelyErroredSecs: number;
  crcErrors: number;
  fecErrors: number;
  resyncs: number;
  bytesRx: number;
  bytesTx: number;
  /** kbit/s */
  dsRate: number | null;
  usRate: number | null;
  /** 0.1 dB */
  dsMargin: number | null;
  usMargin: number | null;
  dsAttenuation: number | null;
}

export interface LineInterval extends LineCounters {
  deviceId: number;
  ts: Date;
  secs: number;
  line: number;
  source: IntervalSource;
}

/** Columns of integer type hold at most this; a larger delta is clamped (never overflows). */
export const INT_MAX = 2_147_483_647;
/** bigint columns: JS numbers stay exact to 2^53. */
export const BIG_MAX = Number.MAX_SAFE_INTEGER;

export function clampCount(value: number, max = INT_MAX): number {
  if (!Number.isFinite(value) || value <= 0) return 0;
  return Math.min(max, Math.floor(value));
}

export const emptyStreamCounters = (): StreamCounters => ({
  rtpExpected: 0,
  rtpLost: 0,
  rtpLostBeforeEc: 0,
  lossEvents: 0,
  lossEventsBeforeEc: 0,
  severeLossEvents: 0,
  tsPackets: 0,
  tsCcErrors: 0,
  tsCcErrorsBeforeCa: 0,
  tsSyncErrors: 0,
  videoFrames: 0,
  videoLost: 0,
  videoConcealed: 0,
  videoILost: 0,
  avResyncs: 0,
  audioFrames: 0,
  audioErrors: 0,
  underruns: 0,
  overruns: 0,
  emptyBufferMs: 0,
  zaps: 0,
  zapFailures: 0,
  zapMs: [],
  igmpJoinMs: null,
});
