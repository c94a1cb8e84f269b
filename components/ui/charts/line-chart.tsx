"use client";

import { Line, LineChart as RLineChart } from "recharts";
import { seriesProps, TimeSeriesChart } from "./time-series-chart";
import type { SeriesDef, TimeChartProps } from "./types";

/**
 * Lines over time. Usage:
 *   <LineChart title="Packets lost" unit="count" data={[{ t: date, lost: 3 }]}
 *     series={[{ key: "lost", label: "Lost" }]} />
 */
export function LineChart<K extends string>(props: TimeChartProps<K>) {
  return <TimeSeriesChart {...props} defaultUnit="none" chart={RLineChart} renderSeries={line} />;
}

function line<K extends string>(s: SeriesDef<K>, color: string) {
  return (
    <Line
      key={s.key}
      {...seriesProps(s)}
      type="monotone"
      stroke={color}
      strokeWidth={2}
      dot={false}
      connectNulls={false}
    />
  );
}
