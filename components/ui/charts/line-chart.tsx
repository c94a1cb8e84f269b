"use client";

import { Line, LineChart as RLineChart } from "recharts";
import { TimeSeriesChart } from "./time-series-chart";
import type { TimeChartProps } from "./types";

/**
 * Lines over time. Usage:
 *   <LineChart title="Packets lost" unit="count" data={[{ t: date, lost: 3 }]}
 *     series={[{ key: "lost", label: "Lost" }]} />
 */
export function LineChart<K extends string>({ unit = "none", height = 240, ...props }: TimeChartProps<K>) {
  return (
    <TimeSeriesChart
      {...props}
      unit={unit}
      height={height}
      chart={RLineChart}
      renderSeries={(s, color) => (
        <Line
          key={s.key}
          type="monotone"
          dataKey={s.key}
          name={s.label}
          stroke={color}
          dot={false}
          strokeWidth={2}
          connectNulls={false}
          isAnimationActive={false}
        />
      )}
    />
  );
}
