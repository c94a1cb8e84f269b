// Chart parts: import from "@/components/ui/charts".
export { BarChart } from "./bar-chart";
export { formatTimeFull, formatTimeTick, formatValue, type Unit } from "./format";
export { HeatmapGrid, type HeatmapRow } from "./heatmap-grid";
export { LineChart } from "./line-chart";
export { StackedAreaChart } from "./stacked-area-chart";
export type { SeriesDef, SeriesPoint, TimeChartProps } from "./types";
