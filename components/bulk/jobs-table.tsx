"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { StateBadge } from "./job-state-badge";
import { ProgressBar } from "./progress-bar";

type JobRow = inferRouterOutputs<AppRouter>["bulk"]["list"][number];

/** Jobs move every second while they run; a 2 s poll keeps the bars moving without flooding the server. */
const REFRESH_MS = 2_000;

const COLUMNS: DataColumn<JobRow>[] = [
  {
    id: "job",
    header: "Job",
    hideable: false,
    sortValue: (j) => j.id,
    cell: (j) => (
      <Link href={`/bulk/${j.id}`} className="font-medium text-sky-800 hover:underline">
        #{j.id}
      </Link>
    ),
  },
  {
    id: "action",
    header: "Action",
    className: "min-w-48 max-w-sm break-words text-slate-800",
    sortValue: (j) => j.description,
    cell: (j) => (
      <>
        {j.description}
        <div className="text-xs text-slate-600">
          {j.selectionKind === "search" ? "search result" : "selected devices"}
        </div>
      </>
    ),
  },
  { id: "by", header: "By", sortValue: (j) => j.createdBy, cell: (j) => j.createdBy },
  {
    id: "created",
    header: "Created",
    sortValue: (j) => j.createdAt,
    cell: (j) => <RelativeTime value={j.createdAt} />,
  },
  { id: "state", header: "State", sortValue: (j) => j.state, cell: (j) => <StateBadge state={j.state} /> },
  {
    id: "progress",
    header: "Progress",
    className: "w-72 min-w-56",
    sortValue: (j) => (j.total > 0 ? (j.succeeded + j.failed) / j.total : 0),
    cell: (j) => (
      <ProgressBar
        compact
        label={`Progress of job #${j.id}`}
        done={j.succeeded}
        failed={j.failed}
        total={j.total}
      />
    ),
  },
];

export function BulkJobsTable() {
  const trpc = useTRPC();
  const jobs = useQuery(trpc.bulk.list.queryOptions({ limit: 100 }, { refetchInterval: REFRESH_MS }));
  return (
    <DataTable
      label="Bulk jobs"
      persistKey="bulk-jobs"
      columns={COLUMNS}
      rows={jobs.data}
      getRowId={(j) => String(j.id)}
      loading={jobs.isPending}
      error={jobs.isError ? `Could not load bulk jobs: ${jobs.error.message}` : undefined}
      empty={
        <>
          <p className="font-medium text-slate-900">No bulk jobs yet</p>
          <p className="mt-1 text-sm text-slate-600">
            Select devices on the Devices page and choose “Bulk actions” to start one.
          </p>
        </>
      }
      initialSort={{ id: "job", desc: true }}
      rowHref={(j) => `/bulk/${j.id}`}
    />
  );
}
