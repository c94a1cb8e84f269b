"use client";

import { Bar, BarChart as RBarChart } from "recharts";
import { seriesProps, TimeSeriesChart } from "./time-series-chart";
import type { TimeChartProps } from "./types";

/**
 * Bars per time bucket; `stacked` stacks the series. Usage:
 *   <BarChart title="Failed tasks per hour" unit="count" stacked data={points} series={series} />
 */
export function BarChart<K extends string>({
  stacked = false,
  ...props
}: TimeChartProps<K> & { stacked?: boolean }) {
  return (
    <TimeSeriesChart
      {...props}
      defaultUnit="count"
      chart={RBarChart}
      // Bars need room at both ends of a time axis: pad the domain by half a bucket.
      xPadding={16}
      renderSeries={(s, color) => (
        <Bar key={s.key} {...seriesProps(s)} fill={color} stackId={stacked ? "stack" : undefined} />
      )}
    />
  );
}
