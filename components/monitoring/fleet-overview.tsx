"use client";

import { useQuery } from "@tanstack/react-query";
import { FLEET_KEY, type Range } from "@/lib/monitoring/query-api";
import { useTRPC } from "@/trpc/react";
import { BreakdownTable } from "./breakdown-table";
import { FleetCharts } from "./fleet-charts";
import { IncidentsTable } from "./incidents/incidents-table";
import type { BreakdownTab } from "./labels";
import { RangePicker } from "./range-picker";
import { StatusStrip } from "./status-strip";
import { TopOffenders } from "./top-offenders";
import { DASHBOARD_REFRESH_MS } from "./use-monitoring";

/** The NOC's overview below its heading: status, fleet charts, open incidents, breakdowns, offenders. */
export function FleetOverview({ range, by }: { range: Range; by: BreakdownTab }) {
  const trpc = useTRPC();
  const series = useQuery(
    trpc.monitoring.series.queryOptions({ range }, { refetchInterval: DASHBOARD_REFRESH_MS }),
  );
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <RangePicker range={range} path="/monitoring" params={{ by }} />
        {series.data ? (
          <p className="text-xs text-slate-600">
            Read from{" "}
            {series.data.level === "raw" ? "raw 5-minute intervals" : `${series.data.level} rollups`}
          </p>
        ) : null}
      </div>
      <StatusStrip />
      {series.error ? (
        <p role="alert" className="text-sm text-red-700">
          {series.error.message}
        </p>
      ) : series.data ? (
        <FleetCharts series={series.data} dim="fleet" scopeKey={FLEET_KEY} range={range} />
      ) : (
        <p className="text-sm text-slate-600">Loading…</p>
      )}
      <section aria-labelledby="open-incidents-heading" className="space-y-2">
        <h2 id="open-incidents-heading" className="text-base font-semibold text-slate-900">
          Open incidents
        </h2>
        <IncidentsTable state="open" limit={10} label="Open incidents" />
      </section>
      <section aria-labelledby="breakdown-heading" className="space-y-2">
        <h2 id="breakdown-heading" className="text-base font-semibold text-slate-900">
          Breakdown
        </h2>
        <BreakdownTable dim={by} range={range} />
      </section>
      <section aria-labelledby="offenders-heading" className="space-y-2">
        <h2 id="offenders-heading" className="text-base font-semibold text-slate-900">
          Top offenders
        </h2>
        <TopOffenders range={range} />
      </section>
    </div>
  );
}
