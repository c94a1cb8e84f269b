// Series for the monitoring charts, from the dashboard queries' points. Pure and tested.
import { QOE_BAND_LABELS, type Layer } from "@/lib/monitoring/qoe";
import type { FleetSeries, StreamQualityPoint } from "./chart-types";

export type LayerPoint = { t: number } & Record<Layer, number | null>;

/** Share of viewing time impaired per layer (percent), one point per bucket. */
export function layerPoints(series: FleetSeries): LayerPoint[] {
  return series.points.map((p) => ({
    t: Date.parse(p.t),
    ip: p.impairedPct.ip,
    ts: p.impairedPct.ts,
    decoder: p.impairedPct.decoder,
    buffer: p.impairedPct.buffer,
  }));
}

export const QOE_BAND_KEYS = ["b0", "b1", "b2", "b3", "b4"] as const;
export type QoeBandKey = (typeof QOE_BAND_KEYS)[number];
export const QOE_BAND_SERIES = QOE_BAND_KEYS.map((key, i) => ({ key, label: QOE_BAND_LABELS[i] ?? key }));
// Red (bad) to green (excellent), each dark enough on white.
export const QOE_BAND_COLORS = ["#B91C1C", "#D55E00", "#E69F00", "#56B4E9", "#009E73"];

/** Share of viewing time per QoE band (percent) per bucket; buckets without viewing are left out. */
export function qoeBandPoints(series: FleetSeries): ({ t: number } & Record<QoeBandKey, number>)[] {
  return series.points.flatMap((p) => {
    const total = p.qoeBands.reduce((a, b) => a + b, 0);
    if (total <= 0) return [];
    const shares = Object.fromEntries(
      QOE_BAND_KEYS.map((k, i) => [k, (100 * (p.qoeBands[i] ?? 0)) / total]),
    ) as Record<QoeBandKey, number>;
    return [{ t: Date.parse(p.t), ...shares }];
  });
}

/** Viewing time per QoE band over the whole range (seconds), for the distribution bars. */
export function qoeDistribution(series: FleetSeries): { label: string; secs: number; share: number }[] {
  const sums = QOE_BAND_KEYS.map((_, i) => series.points.reduce((a, p) => a + (p.qoeBands[i] ?? 0), 0));
  const total = sums.reduce((a, b) => a + b, 0);
  return sums.map((secs, i) => ({
    label: QOE_BAND_LABELS[i] ?? String(i),
    secs,
    share: total > 0 ? (100 * secs) / total : 0,
  }));
}

/**
 * The device's intervals as one point per interval time: 100 when a layer was impaired in any stream
 * at that time, 0 otherwise (a step chart reads as "when"), and the worst QoE of the streams.
 */
export function deviceLayerPoints(
  intervals: readonly StreamQualityPoint[],
): ({ t: number; qoe: number | null } & Record<Layer, number>)[] {
  const byTs = new Map<number, { t: number; qoe: number | null } & Record<Layer, number>>();
  for (const i of intervals) {
    const t = Date.parse(i.ts);
    const p = byTs.get(t) ?? { t, qoe: null, ip: 0, ts: 0, decoder: 0, buffer: 0 };
    if (i.impaired.ip) p.ip = 1;
    if (i.impaired.ts) p.ts = 1;
    if (i.impaired.decoder) p.decoder = 1;
    if (i.impaired.buffer) p.buffer = 1;
    if (i.secs > 0) p.qoe = p.qoe === null ? i.qoe : Math.min(p.qoe, i.qoe);
    byTs.set(t, p);
  }
  return [...byTs.values()].sort((a, b) => a.t - b.t);
}

/** Channel changes of the device: the interval times with zaps, with their count and slowest zap. */
export function zapEvents(intervals: readonly StreamQualityPoint[]) {
  return intervals
    .filter((i) => i.kpis.zaps > 0 || i.kpis.zapFailures > 0)
    .map((i) => ({
      ts: i.ts,
      zaps: i.kpis.zaps,
      failures: i.kpis.zapFailures,
      maxMs: i.kpis.zapMsMax,
      channel: i.channel,
    }));
}
