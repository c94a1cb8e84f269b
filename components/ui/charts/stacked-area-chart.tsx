"use client";

import { Area, AreaChart } from "recharts";
import { TimeSeriesChart } from "./time-series-chart";
import type { TimeChartProps } from "./types";

/**
 * Series stacked over time (e.g. faults per code per hour). Usage:
 *   <StackedAreaChart title="Faults" unit="count" data={points}
 *     series={[{ key: "f9002", label: "9002" }, { key: "f9005", label: "9005" }]} />
 */
export function StackedAreaChart<K extends string>({
  unit = "count",
  height = 240,
  ...props
}: TimeChartProps<K>) {
  return (
    <TimeSeriesChart
      {...props}
      unit={unit}
      height={height}
      chart={AreaChart}
      // A stack reads only with its legend, even for one series.
      legend="always"
      renderSeries={(s, color) => (
        <Area
          key={s.key}
          type="monotone"
          dataKey={s.key}
          name={s.label}
          stackId="stack"
          stroke={color}
          fill={color}
          fillOpacity={0.35}
          isAnimationActive={false}
        />
      )}
    />
  );
}
