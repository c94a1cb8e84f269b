"use client";

import {
  Bar,
  BarChart as RBarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ChartFrame, useTimeAxis } from "./chart-frame";
import { colorOf, type TimeChartProps } from "./types";

/**
 * Bars per time bucket; `stacked` stacks the series. Usage:
 *   <BarChart title="Failed tasks per hour" unit="count" stacked data={points} series={series} />
 */
export function BarChart<K extends string>({
  title,
  data,
  series,
  unit = "count",
  height = 240,
  timeZone,
  stacked = false,
}: TimeChartProps<K> & { stacked?: boolean }) {
  const axis = useTimeAxis(data, unit, timeZone);
  return (
    <ChartFrame title={title} height={height}>
      <ResponsiveContainer>
        <RBarChart data={axis.points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          {/* Bars need room at both ends of a time axis: pad the domain by half a bucket. */}
          <XAxis {...axis.xAxis} padding={{ left: 16, right: 16 }} />
          <YAxis {...axis.yAxis} />
          <Tooltip {...axis.tooltip} />
          {series.length > 1 ? <Legend /> : null}
          {series.map((s, i) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              fill={colorOf(s, i)}
              stackId={stacked ? "stack" : undefined}
              isAnimationActive={false}
            />
          ))}
        </RBarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
