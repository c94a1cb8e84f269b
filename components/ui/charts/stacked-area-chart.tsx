"use client";

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame, useTimeAxis } from "./chart-frame";
import { colorOf, type TimeChartProps } from "./types";

/**
 * Series stacked over time (e.g. faults per code per hour). Usage:
 *   <StackedAreaChart title="Faults" unit="count" data={points}
 *     series={[{ key: "f9002", label: "9002" }, { key: "f9005", label: "9005" }]} />
 */
export function StackedAreaChart<K extends string>({
  title,
  data,
  series,
  unit = "count",
  height = 240,
  timeZone,
}: TimeChartProps<K>) {
  const axis = useTimeAxis(data, unit, timeZone);
  return (
    <ChartFrame title={title} height={height}>
      <ResponsiveContainer>
        <AreaChart data={axis.points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis {...axis.xAxis} />
          <YAxis {...axis.yAxis} />
          <Tooltip {...axis.tooltip} />
          <Legend />
          {series.map((s, i) => (
            <Area
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stackId="stack"
              stroke={colorOf(s, i)}
              fill={colorOf(s, i)}
              fillOpacity={0.35}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
