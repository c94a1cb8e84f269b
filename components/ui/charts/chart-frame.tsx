"use client";

import { useMemo, type ReactNode } from "react";
import { formatTimeFull, formatTimeTick, formatValue, spanOf, toMillis, type Unit } from "./format";
import type { SeriesPoint } from "./types";

/** A figure with a caption: the chart's accessible name. */
export function ChartFrame({
  title,
  height,
  children,
}: {
  title: string;
  height: number;
  children: ReactNode;
}) {
  return (
    <figure className="w-full">
      <figcaption className="mb-2 text-sm font-medium text-slate-700">{title}</figcaption>
      <div style={{ height }} className="w-full">
        {children}
      </div>
    </figure>
  );
}

/** Points with numeric times (Recharts' time axis) and the axis/tooltip formatters they share. */
export function useTimeAxis<K extends string>(data: SeriesPoint<K>[], unit: Unit, timeZone = "UTC") {
  return useMemo(() => {
    const span = spanOf(data);
    return {
      points: data.map((p) => ({ ...p, t: toMillis(p.t) })),
      xAxis: {
        dataKey: "t",
        type: "number" as const,
        scale: "time" as const,
        domain: ["dataMin", "dataMax"] as [string, string],
        tickFormatter: (t: number) => formatTimeTick(t, span, timeZone),
        tick: { fontSize: 12, fill: "#475569" },
      },
      yAxis: {
        tickFormatter: (v: number) => formatValue(v, unit),
        tick: { fontSize: 12, fill: "#475569" },
        width: 72,
      },
      tooltip: {
        labelFormatter: (t: unknown) => (typeof t === "number" ? formatTimeFull(t, timeZone) : String(t)),
        formatter: (v: unknown) => formatValue(typeof v === "number" ? v : null, unit),
      },
    };
  }, [data, unit, timeZone]);
}
