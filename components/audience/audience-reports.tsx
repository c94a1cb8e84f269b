"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Tabs } from "@/components/ui/tabs";
import { useTRPC } from "@/trpc/react";
import { BreakdownView } from "./breakdown-view";
import { FilterBar } from "./filter-bar";
import {
  defaultRange,
  filterFromParams,
  paramsOf,
  todayIn,
  toApiFilter,
  VIEW_LABELS,
  VIEWS,
  viewFromParams,
  type AudienceView,
  type FilterState,
} from "./filter-state";
import { HeatmapView } from "./heatmap-view";
import { RankingView } from "./ranking-view";
import { SlotView } from "./slot-view";
import { TrendView } from "./trend-view";
import type { AudienceOptions } from "./use-audience";

function Views({
  view,
  state,
  options,
}: {
  view: AudienceView;
  state: FilterState;
  options: AudienceOptions;
}) {
  const filter = toApiFilter(state);
  switch (view) {
    case "ranking":
      return <RankingView filter={filter} />;
    case "heatmap":
      return <HeatmapView filter={filter} />;
    case "trend":
      return <TrendView filter={filter} />;
    case "breakdown":
      return <BreakdownView filter={filter} />;
    case "slot":
      return <SlotView filter={filter} channels={options.channels} />;
  }
}

/**
 * The product manager's reports: the filters and the open view live in the URL; only the open view's
 * report runs (each run is written to the privacy log).
 */
export function AudienceReports() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const options = useQuery(trpc.audience.options.queryOptions({}, { staleTime: 60_000 }));

  if (options.isError)
    return (
      <p role="alert" className="text-sm text-red-700">
        Could not load the audience filters: {options.error.message}
      </p>
    );
  if (!options.data)
    return (
      <p role="status" className="text-sm text-slate-600">
        Loading…
      </p>
    );

  const o = options.data;
  const state = filterFromParams(params, defaultRange(o.lastDay, todayIn(o.timeZone)));
  const view = viewFromParams(params);
  const go = (next: FilterState, nextView: AudienceView) =>
    router.push(`${pathname}?${paramsOf(next, nextView).toString()}`, { scroll: false });

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600" data-testid="audience-coverage">
        {o.firstDay && o.lastDay
          ? `Published figures from ${o.firstDay} to ${o.lastDay}`
          : "No published figures yet"}{" "}
        · days and hours in {o.timeZone} · k = {o.k}
      </p>
      <FilterBar
        key={params.toString()}
        initial={state}
        options={o}
        onApply={(next) => go(next, view)}
        onReset={() => router.push(pathname, { scroll: false })}
      />
      <Tabs
        label="Audience views"
        value={view}
        onChange={(v) => go(state, v)}
        items={VIEWS.map((v) => ({
          id: v,
          label: VIEW_LABELS[v],
          panel: v === view ? <Views view={v} state={state} options={o} /> : null,
        }))}
      />
    </div>
  );
}
