"use client";

import { StackedAreaChart } from "@/components/ui/charts";
import { LAYERS, LAYER_LABELS } from "@/lib/monitoring/qoe";
import type { Range } from "@/lib/monitoring/query-api";
import { layerPoints, QOE_BAND_COLORS, QOE_BAND_SERIES, qoeBandPoints, qoeDistribution } from "./chart-data";
import { duration, pct, type DimName } from "./labels";
import { LayerLinks } from "./layer-links";
import type { SeriesData } from "./use-monitoring";

const LAYER_SERIES = LAYERS.map((key) => ({ key, label: LAYER_LABELS[key] }));

/** Impaired viewing time stacked by layer, and the QoE distribution, of one scope over the range. */
export function FleetCharts({
  series,
  dim,
  scopeKey,
  range,
}: {
  series: SeriesData;
  dim: DimName;
  scopeKey: string;
  range: Range;
}) {
  const bands = qoeBandPoints(series);
  const dist = qoeDistribution(series);
  if (series.points.length === 0)
    return (
      <p
        className="rounded-md border border-slate-200 bg-white p-4 text-sm text-slate-600"
        data-testid="no-data"
      >
        No viewing reported in this range yet.
      </p>
    );
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div
        className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
        data-testid="impaired-by-layer"
      >
        <StackedAreaChart
          title="Viewing time impaired, by layer (IP vs MPEG-TS vs decoder vs buffer)"
          unit="percent"
          data={layerPoints(series)}
          series={LAYER_SERIES}
        />
        <LayerLinks dim={dim} scopeKey={scopeKey} range={range} />
      </div>
      <div
        className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
        data-testid="qoe-distribution"
      >
        <StackedAreaChart
          title="QoE distribution (share of viewing time per band)"
          unit="percent"
          data={bands}
          series={QOE_BAND_SERIES.map((s, i) => ({ ...s, color: QOE_BAND_COLORS[i] }))}
        />
        <ul
          className="grid grid-cols-2 gap-x-4 text-sm text-slate-700 sm:grid-cols-3"
          aria-label="QoE over the range"
        >
          {dist.map((d) => (
            <li key={d.label}>
              {d.label}: <span className="font-medium">{pct(d.share)}</span>{" "}
              <span className="text-slate-500">({duration(d.secs)})</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
