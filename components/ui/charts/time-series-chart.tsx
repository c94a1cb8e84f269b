"use client";

import type { ReactNode } from "react";
import {
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type LineChart as RechartsLineChart,
} from "recharts";
import type { Unit } from "./format";
import { ChartFrame, useTimeAxis } from "./chart-frame";
import { colorOf, type SeriesDef, type TimeChartProps } from "./types";

/** Recharts' cartesian containers (LineChart, AreaChart, BarChart) share this signature. */
type CartesianContainer = typeof RechartsLineChart;

interface TimeSeriesChartProps<K extends string> extends TimeChartProps<K> {
  /** The unit when the caller gives none (counts for stacks and bars, plain numbers for lines). */
  defaultUnit: Unit;
  /** The Recharts container that lays out the series. */
  chart: CartesianContainer;
  /** Always show the legend; otherwise only when there is more than one series to tell apart. */
  legend?: "always" | "several";
  /** Room at both ends of the time axis (bars would otherwise be cut in half at the edges). */
  xPadding?: number;
  /** One Recharts series element (Line, Area, Bar) per series, in its palette colour. */
  renderSeries: (series: SeriesDef<K>, color: string) => ReactNode;
}

/** What every series element (Line, Area, Bar) takes from its series; animations are off throughout. */
export function seriesProps<K extends string>(s: SeriesDef<K>) {
  return { dataKey: s.key, name: s.label, isAnimationActive: false };
}

/**
 * The frame every time chart shares: caption, time axis, value axis, tooltip, legend, and one
 * series element per series. The line, stacked-area and bar charts differ only in their container
 * and series element.
 */
export function TimeSeriesChart<K extends string>({
  title,
  data,
  series,
  unit,
  defaultUnit,
  height = 240,
  timeZone,
  chart: Chart,
  legend = "several",
  xPadding,
  renderSeries,
}: TimeSeriesChartProps<K>) {
  const axis = useTimeAxis(data, unit ?? defaultUnit, timeZone);
  const padding = xPadding === undefined ? undefined : { left: xPadding, right: xPadding };
  return (
    <ChartFrame title={title} height={height}>
      <ResponsiveContainer>
        <Chart data={axis.points} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis {...axis.xAxis} {...(padding ? { padding } : {})} />
          <YAxis {...axis.yAxis} />
          <Tooltip {...axis.tooltip} />
          {legend === "always" || series.length > 1 ? <Legend /> : null}
          {series.map((s, i) => renderSeries(s, colorOf(s, i)))}
        </Chart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
