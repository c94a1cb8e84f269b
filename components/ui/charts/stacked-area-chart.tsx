"use client";

import { Area, AreaChart } from "recharts";
import { seriesProps, TimeSeriesChart } from "./time-series-chart";
import type { SeriesDef, TimeChartProps } from "./types";

/**
 * Series stacked over time (e.g. faults per code per hour). Usage:
 *   <StackedAreaChart title="Faults" unit="count" data={points}
 *     series={[{ key: "f9002", label: "9002" }, { key: "f9005", label: "9005" }]} />
 */
export function StackedAreaChart<K extends string>(props: TimeChartProps<K>) {
  // A stack reads only with its legend, even for one series.
  return (
    <TimeSeriesChart {...props} defaultUnit="count" chart={AreaChart} legend="always" renderSeries={area} />
  );
}

function area<K extends string>(s: SeriesDef<K>, color: string) {
  return (
    <Area
      key={s.key}
      {...seriesProps(s)}
      type="monotone"
      stackId="stack"
      stroke={color}
      fill={color}
      fillOpacity={0.35}
    />
  );
}
