// The per-interval QoE model (docs/MONITORING.md): which layers an interval is impaired at, and a score
// on the 5-point scale built from impairments, in the spirit of ITU-T P.1201 (impairment factors
// subtracted from a best score) with the TR-126 / G.1080 targets as the reference points (domain.md §4.2).
import type { StreamCounters } from "./intervals";

export const LAYERS = ["ip", "ts", "decoder", "buffer"] as const;
export type Layer = (typeof LAYERS)[number];
export const LAYER_LABELS: Record<Layer, string> = {
  ip: "IP / RTP",
  ts: "MPEG-TS",
  decoder: "Decoder",
  buffer: "Buffer",
};

/** Targets an interval is judged against (TR-126: ≤ 1 error event per hour SD, zap < 2 s). */
export const QOE_TARGETS = {
  /** Loss events (after error correction) per hour */
  lossEventsPerHour: 1,
  /** Continuity-count errors per hour */
  ccErrorsPerHour: 1,
  /** Lost + concealed frames over decoded frames */
  frameImpairmentRatio: 0.001,
  /** Audio decoding errors over decoded audio frames */
  audioErrorRatio: 0.001,
  /** A/V resynchronisations per hour */
  avResyncsPerHour: 1,
  /** Fraction of time the picture was frozen (empty de-jittering buffer) */
  frozenFraction: 0.005,
  /** Channel change time (ms) */
  zapMs: 2000,
} as const;

const perHour = (count: number, secs: number) => (secs > 0 ? (count * 3600) / secs : 0);
const ratio = (num: number, den: number) => (den > 0 ? num / den : 0);

/**
 * The layers at which an interval is impaired. A layer is judged on its own indicators, so an IP
 * loss that error correction repaired leaves the IP layer clean, and TS errors with clean IP point
 * above the network (headend, insertion point).
 */
export function impairedLayers(c: StreamCounters, secs: number): Record<Layer, boolean> {
  if (secs <= 0) return { ip: false, ts: false, decoder: false, buffer: false };
  return {
    ip: c.rtpLost > 0 && perHour(c.lossEvents || 1, secs) > QOE_TARGETS.lossEventsPerHour,
    ts: perHour(c.tsCcErrors + c.tsSyncErrors, secs) > QOE_TARGETS.ccErrorsPerHour,
    decoder:
      ratio(c.videoLost + c.videoConcealed, c.videoFrames) > QOE_TARGETS.frameImpairmentRatio ||
      c.videoILost > 0 ||
      ratio(c.audioErrors, c.audioFrames) > QOE_TARGETS.audioErrorRatio ||
      perHour(c.avResyncs, secs) > QOE_TARGETS.avResyncsPerHour,
    buffer: ratio(c.emptyBufferMs, secs * 1000) > QOE_TARGETS.frozenFraction,
  };
}

/** An impairment of weight w that reaches ~63 % of w when the value is at its target, w at most. */
const impairment = (weight: number, value: number, target: number) =>
  value <= 0 ? 0 : weight * (1 - Math.exp(-value / target));

export const QOE_MAX = 4.5;
export const QOE_MIN = 1;

/**
 * Score of one interval: 4.5 minus the impairments of each layer, floored at 1.
 * Weights: visible decoder damage and frozen picture count most; network loss the error correction
 * did not repair next; TS errors; slow or failed zaps least.
 */
export function qoeScore(c: StreamCounters, secs: number): number {
  if (secs <= 0) return QOE_MAX;
  const zapAvg = c.zapMs.length > 0 ? c.zapMs.reduce((a, b) => a + b, 0) / c.zapMs.length : 0;
  const total =
    impairment(1.0, perHour(c.lossEvents, secs), QOE_TARGETS.lossEventsPerHour * 4) +
    impairment(0.8, perHour(c.tsCcErrors + c.tsSyncErrors, secs), QOE_TARGETS.ccErrorsPerHour * 4) +
    impairment(1.5, ratio(c.videoLost + c.videoConcealed, c.videoFrames), QOE_TARGETS.frameImpairmentRatio) +
    impairment(0.5, perHour(c.avResyncs, secs), QOE_TARGETS.avResyncsPerHour) +
    impairment(0.5, ratio(c.audioErrors, c.audioFrames), QOE_TARGETS.audioErrorRatio) +
    impairment(1.5, ratio(c.emptyBufferMs, secs * 1000), QOE_TARGETS.frozenFraction) +
    impairment(0.5, Math.max(0, zapAvg - QOE_TARGETS.zapMs), 1000) +
    impairment(0.5, ratio(c.zapFailures, c.zaps), 0.1);
  return Math.max(QOE_MIN, Math.round((QOE_MAX - total) * 100) / 100);
}

/** QoE bands for the distribution chart: [1,2) [2,3) [3,3.5) [3.5,4) [4,4.5]. */
export const QOE_BAND_EDGES = [2, 3, 3.5, 4] as const;
export const QOE_BAND_LABELS = ["Bad < 2", "Poor 2–3", "Fair 3–3.5", "Good 3.5–4", "Excellent ≥ 4"] as const;

export function qoeBand(score: number): number {
  let band = 0;
  while (band < QOE_BAND_EDGES.length && score >= QOE_BAND_EDGES[band]!) band++;
  return band;
}

/** Zap-time histogram edges (ms); bin i holds times < edge i, the last bin the rest. */
export const ZAP_BIN_EDGES = [
  250, 500, 750, 1000, 1250, 1500, 1750, 2000, 2500, 3000, 4000, 5000, 7500, 10000,
] as const;

export function zapBin(ms: number): number {
  let bin = 0;
  while (bin < ZAP_BIN_EDGES.length && ms >= ZAP_BIN_EDGES[bin]!) bin++;
  return bin;
}

/** Percentile (0..1) from a zap histogram, linear inside a bin; the open last bin reports its lower edge. */
export function histogramPercentile(hist: readonly number[], p: number): number | null {
  const total = hist.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const target = p * total;
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    const n = hist[i] ?? 0;
    if (n > 0 && seen + n >= target) {
      const lo = i === 0 ? 0 : ZAP_BIN_EDGES[i - 1]!;
      const hi = ZAP_BIN_EDGES[i];
      if (hi === undefined) return lo;
      return Math.round(lo + ((target - seen) / n) * (hi - lo));
    }
    seen += n;
  }
  return ZAP_BIN_EDGES[ZAP_BIN_EDGES.length - 1]!;
}
