// The Stream quality tab's figures: one shared time axis from the answer's window, impaired minutes per
// layer per hour, and where each channel run sits on the axis. Pure and tested.
import { LAYERS, type Layer } from "@/lib/monitoring/qoe";
import type { DeviceStreamQuality } from "../chart-types";

const HOUR = 3_600_000;

/** Hour starts covering [from, to), aligned to whole hours. */
export function hoursOf(from: string, to: string): number[] {
  const start = Math.floor(Date.parse(from) / HOUR) * HOUR;
  const end = Date.parse(to);
  const hours: number[] = [];
  for (let t = start; t < end && hours.length < 24 * 8; t += HOUR) hours.push(t);
  return hours;
}

/** Minutes of viewing impaired at each layer in each hour (any stream of the device). */
export function impairedMinutesByHour(q: DeviceStreamQuality): {
  times: number[];
  rows: Record<Layer, number[]>;
} {
  const times = hoursOf(q.from, q.to);
  const first = times[0] ?? 0;
  const rows = Object.fromEntries(LAYERS.map((l) => [l, times.map(() => 0)])) as Record<Layer, number[]>;
  for (const i of q.intervals) {
    const k = Math.floor((Date.parse(i.ts) - first) / HOUR);
    if (k < 0 || k >= times.length) continue;
    for (const l of LAYERS) if (i.impaired[l]) rows[l][k]! += i.secs / 60;
  }
  for (const l of LAYERS) rows[l] = rows[l].map((m) => Math.round(m * 10) / 10);
  return { times, rows };
}

/** Points padded with empty ones at the window's ends, so every chart of the tab spans the same axis. */
export function onAxis<K extends string>(
  points: ({ t: number } & Record<K, number | null>)[],
  from: string,
  to: string,
  keys: readonly K[],
): ({ t: number } & Record<K, number | null>)[] {
  const empty = (t: number) =>
    ({ t, ...Object.fromEntries(keys.map((k) => [k, null])) }) as { t: number } & Record<K, number | null>;
  return [empty(Date.parse(from)), ...points, empty(Date.parse(to))];
}

/** A channel run's place on the axis, as left offset and width in percent. */
export function runBox(
  run: { from: string; to: string },
  from: string,
  to: string,
): { left: number; width: number } {
  const a = Date.parse(from);
  const span = Math.max(1, Date.parse(to) - a);
  const left = Math.min(100, Math.max(0, ((Date.parse(run.from) - a) / span) * 100));
  const right = Math.min(100, Math.max(0, ((Date.parse(run.to) - a) / span) * 100));
  return { left, width: Math.max(0.2, right - left) };
}

/** Line totals over the window (what the help desk reads first). */
export function lineTotals(line: DeviceStreamQuality["line"]) {
  const last = [...line].reverse().find((l) => l.dsRate !== null || l.dsMargin !== null);
  return {
    erroredSecs: line.reduce((a, l) => a + l.erroredSecs, 0),
    severelyErroredSecs: line.reduce((a, l) => a + l.severelyErroredSecs, 0),
    crcErrors: line.reduce((a, l) => a + l.crcErrors, 0),
    resyncs: line.reduce((a, l) => a + l.resyncs, 0),
    dsRate: last?.dsRate ?? null,
    usRate: last?.usRate ?? null,
    dsMargin: last?.dsMargin ?? null,
  };
}
