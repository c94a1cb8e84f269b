"use client";

import { HeatmapGrid, LineChart } from "@/components/ui/charts";
import { LAYERS, LAYER_LABELS } from "@/lib/monitoring/qoe";
import { deviceLayerPoints, zapEvents } from "../chart-data";
import type { DeviceStreamQuality } from "../chart-types";
import { impairedMinutesByHour, onAxis } from "./data";
import { formatTimeFull } from "@/components/ui/charts";

/** Per layer and hour, the minutes impaired; QoE per interval; channel changes with their zap time. */
export function LayerTimeline({ q }: { q: DeviceStreamQuality }) {
  const grid = impairedMinutesByHour(q);
  const qoe = onAxis(
    deviceLayerPoints(q.intervals).map((p) => ({ t: p.t, qoe: p.qoe })),
    q.from,
    q.to,
    ["qoe"],
  );
  const zaps = zapEvents(q.intervals);
  return (
    <div className="space-y-4">
      {/* The grid's own box fits its table; this one scrolls, and takes the focus to be scrolled by keys. */}
      <div
        data-testid="layer-grid"
        role="region"
        aria-label="Impaired minutes per hour"
        tabIndex={0}
        className="overflow-x-auto [&>div]:w-max [&>div]:overflow-visible"
      >
        <HeatmapGrid
          title="Minutes of viewing impaired per hour, by layer"
          unit="count"
          times={grid.times}
          rows={LAYERS.map((l) => ({ label: LAYER_LABELS[l], values: grid.rows[l] }))}
        />
      </div>
      <LineChart
        title="QoE score per interval (1–4.5)"
        height={180}
        data={qoe}
        series={[{ key: "qoe", label: "QoE" }]}
      />
      <section aria-labelledby="zaps-heading" className="space-y-1">
        <h3 id="zaps-heading" className="text-sm font-medium text-slate-700">
          Channel changes ({zaps.reduce((a, z) => a + z.zaps, 0)})
        </h3>
        {zaps.length === 0 ? (
          <p className="text-sm text-slate-600">No channel change in this window.</p>
        ) : (
          <ol
            className="max-h-40 space-y-0.5 overflow-auto text-sm text-slate-700"
            tabIndex={0}
            aria-label="Channel changes"
            data-testid="zaps"
          >
            {zaps.map((z) => (
              <li key={z.ts}>
                {formatTimeFull(Date.parse(z.ts))}: {z.zaps} {z.zaps === 1 ? "change" : "changes"}
                {z.channel ? ` to ${z.channel}` : ""}, slowest {z.maxMs} ms
                {z.failures > 0 ? `, ${z.failures} failed` : ""}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
