import type { Unit } from "./format";

/** One point of a time series: its time and one value per series key (null = no sample). */
export type SeriesPoint<K extends string> = { t: Date | number } & { [key in K]: number | null };

/** A series drawn from the points' `key` values. */
export interface SeriesDef<K extends string> {
  key: K;
  label: string;
  /** CSS colour; defaults follow PALETTE in order. */
  color?: string;
}

export interface TimeChartProps<K extends string> {
  /** Accessible name and visible caption of the chart. */
  title: string;
  data: SeriesPoint<K>[];
  series: SeriesDef<K>[];
  unit?: Unit;
  height?: number;
  timeZone?: string;
}

// Colour-blind-safe order (Okabe–Ito), dark enough on white for 3:1 graphics contrast.
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

export function colorOf<K extends string>(series: SeriesDef<K>, index: number): string {
  return series.color ?? PALETTE[index % PALETTE.length] ?? "#0072B2";
}
