// Trend series as chart rows: one row per local day, one column per series; a suppressed or missing
// point is null (a gap in the line, never a zero). Pure; unit-tested.
import type { TrendData } from "./use-audience";

export type TrendMetric = "hours" | "reach";

export interface TrendRows {
  keys: { key: string; label: string }[];
  rows: ({ day: string } & Record<string, number | string | null>)[];
  suppressedPoints: number;
}

export function trendRows(data: TrendData, metric: TrendMetric): TrendRows {
  const days = new Set<string>();
  const keys = data.series.map((s, i) => ({ key: `s${i}`, label: s.name }));
  const values = new Map<string, number | null>();
  let suppressedPoints = 0;
  data.series.forEach((s, i) => {
    for (const p of s.points) {
      days.add(p.day);
      const cell = metric === "hours" ? p.hours : p.reach;
      if (cell.suppressed) suppressedPoints += 1;
      values.set(`s${i}|${p.day}`, cell.suppressed ? null : cell.value);
    }
  });
  const rows = [...days].sort().map((day) => {
    const row: { day: string } & Record<string, number | string | null> = { day };
    for (const { key } of keys) row[key] = values.get(`${key}|${day}`) ?? null;
    return row;
  });
  return { keys, rows, suppressedPoints };
}
