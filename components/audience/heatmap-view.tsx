"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { AudienceFilter } from "@/lib/audience/report-api";
import { useTRPC } from "@/trpc/react";
import { HeatmapGrid, type HeatmapMetric } from "./heatmap-grid";
import { ReportFrame } from "./report-frame";
import { REPORT_QUERY } from "./use-audience";

/** When people watch: average audience per weekday and local hour (the channels' share with a channel filter). */
export function HeatmapView({ filter }: { filter: AudienceFilter }) {
  const trpc = useTRPC();
  const q = useQuery(
    trpc.audience.heatmap.queryOptions({ filter }, { ...REPORT_QUERY, placeholderData: keepPreviousData }),
  );
  const [metric, setMetric] = useState<HeatmapMetric>("audience");
  const canShare = Boolean(filter.channelIds?.length);
  const shown = canShare ? metric : "audience";
  return (
    <ReportFrame
      id="heatmap"
      title="Daypart heatmap"
      description="Average number of boxes watching in each weekday-hour of the range (viewing seconds / seconds in those hours)."
      exportInput={{ report: "heatmap", filter }}
      privacy={q.data?.privacy}
      loading={q.isPending}
      busy={q.isFetching}
      error={q.error?.message}
      controls={
        canShare ? (
          <fieldset className="flex flex-wrap items-center gap-3 text-sm">
            <legend className="sr-only">Heatmap figure</legend>
            {(
              [
                ["audience", "Average audience"],
                ["share", "Share of all viewing"],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="flex items-center gap-1">
                <input
                  type="radio"
                  name="heatmap-metric"
                  value={value}
                  checked={shown === value}
                  onChange={() => setMetric(value)}
                />
                {label}
              </label>
            ))}
          </fieldset>
        ) : null
      }
    >
      {q.data ? <HeatmapGrid data={q.data} metric={shown} /> : null}
    </ReportFrame>
  );
}
