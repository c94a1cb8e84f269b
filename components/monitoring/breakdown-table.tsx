"use client";

import { useQuery } from "@tanstack/react-query";
import { clsx } from "clsx";
import Link from "next/link";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import type { Range } from "@/lib/monitoring/query-api";
import { useTRPC } from "@/trpc/react";
import { BREAKDOWN_TABS, DIM_LABELS, devicesHref, kpiValue, pct, qoe, type BreakdownTab } from "./labels";
import { DASHBOARD_REFRESH_MS, type BreakdownData } from "./use-monitoring";

type Row = BreakdownData["rows"][number];

function columns(dim: BreakdownTab, range: Range): DataColumn<Row>[] {
  const k = (r: Row, key: string) => r.kpis[key] ?? null;
  return [
    {
      id: "label",
      header: DIM_LABELS[dim],
      rowHeader: true,
      hideable: false,
      cell: (r) => (
        <Link
          href={devicesHref({ dim, key: r.key, range })}
          className="font-medium text-sky-800 underline underline-offset-2"
        >
          {r.label || "(unknown)"}
        </Link>
      ),
      sortValue: (r) => r.label,
      className: "whitespace-normal break-words",
    },
    { id: "devices", header: "Devices", cell: (r) => r.devices, sortValue: (r) => r.devices },
    {
      id: "impaired",
      header: "Impaired viewing",
      cell: (r) => pct(k(r, "impaired_pct")),
      sortValue: (r) => k(r, "impaired_pct"),
    },
    {
      id: "ip",
      header: "IP",
      cell: (r) => pct(k(r, "impaired_ip_pct")),
      sortValue: (r) => k(r, "impaired_ip_pct"),
    },
    {
      id: "ts",
      header: "MPEG-TS",
      cell: (r) => pct(k(r, "impaired_ts_pct")),
      sortValue: (r) => k(r, "impaired_ts_pct"),
    },
    {
      id: "decoder",
      header: "Decoder",
      cell: (r) => pct(k(r, "impaired_decoder_pct")),
      sortValue: (r) => k(r, "impaired_decoder_pct"),
    },
    {
      id: "buffer",
      header: "Buffer",
      cell: (r) => pct(k(r, "impaired_buffer_pct")),
      sortValue: (r) => k(r, "impaired_buffer_pct"),
      defaultHidden: true,
    },
    { id: "qoe", header: "QoE", cell: (r) => qoe(k(r, "qoe")), sortValue: (r) => k(r, "qoe") },
    {
      id: "zap95",
      header: "Zap p95",
      cell: (r) => kpiValue(k(r, "zap_p95"), "ms"),
      sortValue: (r) => k(r, "zap_p95"),
      defaultHidden: true,
    },
  ];
}

/** Per channel / access node / region / model / software version, worst first; rows drill down. */
export function BreakdownTable({ dim, range }: { dim: BreakdownTab; range: Range }) {
  const trpc = useTRPC();
  const q = useQuery(
    trpc.monitoring.breakdown.queryOptions(
      { range, dim, limit: 100 },
      { refetchInterval: DASHBOARD_REFRESH_MS },
    ),
  );
  return (
    <div className="space-y-2">
      <nav aria-label="Break down by" className="flex flex-wrap gap-1">
        {BREAKDOWN_TABS.map((d) => (
          <Link
            key={d}
            href={`/monitoring?${new URLSearchParams({ range, by: d }).toString()}`}
            scroll={false}
            aria-current={d === dim ? "page" : undefined}
            className={clsx(
              "rounded-md px-3 py-1.5 text-sm font-medium",
              d === dim
                ? "bg-sky-700 text-white"
                : "border border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
            )}
          >
            {DIM_LABELS[d]}
          </Link>
        ))}
      </nav>
      <DataTable
        label={`Breakdown per ${DIM_LABELS[dim].toLowerCase()}`}
        columns={columns(dim, range)}
        rows={q.data?.rows}
        getRowId={(r) => r.key}
        loading={q.isPending}
        error={q.error?.message}
        empty="No viewing in this range"
        rowHref={(r) => devicesHref({ dim, key: r.key, range })}
        rowTestId={(r) => `breakdown-${r.key}`}
        persistKey={`monitoring-breakdown-${dim}`}
        maxHeight="max-h-[60vh]"
      />
    </div>
  );
}
