"use client";

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart as RLineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ChartFrame, useTimeAxis } from "./chart-frame";
import { colorOf, type TimeChartProps } from "./types";

/**
 * Lines over time. Usage:
 *   <LineChart title="Packets lost" unit="count" data={[{ t: date, lost: 3 }]}
 *     series={[{ key: "lost", label: "Lost" }]} />
 */
export function LineChart<K extends string>({
  title,
  data,
  series,
  unit = "none",
  height = 240,
  timeZone,
}: TimeChartProps<K>) {
  const axis = useTimeAxis(data, unit, timeZone);
  return (
    <ChartFrame title={title} height={height}>
      <ResponsiveContainer>
        <RLineChart data={axis.points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis {...axis.xAxis} />
          <YAxis {...axis.yAxis} />
          <Tooltip {...axis.tooltip} />
          {series.length > 1 ? <Legend /> : null}
          {series.map((s, i) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={colorOf(s, i)}
              dot={false}
              strokeWidth={2}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </RLineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
