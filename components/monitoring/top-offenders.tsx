"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { OFFENDER_DIMS, type Range } from "@/lib/monitoring/query-api";
import { useTRPC } from "@/trpc/react";
import { devicesHref, DIM_LABELS, duration, layerLabel, pct, qoe, streamQualityHref } from "./labels";
import { DASHBOARD_REFRESH_MS, type OffendersData } from "./use-monitoring";

type Row = OffendersData["rows"][number];
type OffenderDim = (typeof OFFENDER_DIMS)[number];

const TITLES: Record<OffenderDim, string> = {
  device: "Top offending devices",
  channel: "Top offending channels",
  access_node: "Top offending access nodes",
};

/** A device opens its Stream quality tab; a channel or node its device list. */
function hrefOf(dim: OffenderDim, range: Range, r: Row): string {
  return dim === "device" && /^\d+$/.test(r.key)
    ? streamQualityHref(Number(r.key))
    : devicesHref({ dim, key: r.key, range });
}

function columns(dim: OffenderDim, range: Range): DataColumn<Row>[] {
  return [
    {
      id: "label",
      header: DIM_LABELS[dim],
      rowHeader: true,
      hideable: false,
      cell: (r) => (
        <Link href={hrefOf(dim, range, r)} className="font-medium text-sky-800 underline underline-offset-2">
          {r.label || "(unknown)"}
        </Link>
      ),
      className: "whitespace-normal break-words",
    },
    { id: "impaired", header: "Impaired", cell: (r) => pct(r.impairedPct), sortValue: (r) => r.impairedPct },
    {
      id: "time",
      header: "Impaired time",
      cell: (r) => duration(r.impairedSecs),
      sortValue: (r) => r.impairedSecs,
    },
    { id: "layer", header: "Worst layer", cell: (r) => (r.worstLayer ? layerLabel(r.worstLayer) : "—") },
    { id: "qoe", header: "QoE", cell: (r) => qoe(r.qoe), sortValue: (r) => r.qoe, defaultHidden: true },
  ];
}

function OffenderTable({ dim, range }: { dim: OffenderDim; range: Range }) {
  const trpc = useTRPC();
  const q = useQuery(
    trpc.monitoring.topOffenders.queryOptions(
      { range, dim, limit: 10 },
      { refetchInterval: DASHBOARD_REFRESH_MS },
    ),
  );
  return (
    <div className="min-w-0 space-y-1">
      <h3 className="text-sm font-semibold text-slate-800">{TITLES[dim]}</h3>
      <DataTable
        label={TITLES[dim]}
        columns={columns(dim, range)}
        rows={q.data?.rows}
        getRowId={(r) => r.key}
        loading={q.isPending}
        error={q.error?.message}
        empty="Nothing impaired"
        rowHref={(r) => hrefOf(dim, range, r)}
        rowTestId={(r) => `offender-${dim}-${r.key}`}
        maxHeight="max-h-[40vh]"
      />
    </div>
  );
}

export function TopOffenders({ range }: { range: Range }) {
  return (
    <div className="grid gap-4 xl:grid-cols-3">
      {OFFENDER_DIMS.map((d) => (
        <OffenderTable key={d} dim={d} range={range} />
      ))}
    </div>
  );
}
