"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { drillDownHref, type FaultGroupKey } from "@/server/faults/group-key";
import { faultCodeLabel, modelLabel, taskLabel } from "./labels";
import type { FaultGroupRow } from "./use-faults";

const rowId = (g: FaultGroupRow) =>
  [g.code, g.task ?? "", g.manufacturer, g.productClass, g.modelName, g.softwareVersion].join("\u0000");

/** The groups, largest first: each links to its devices and, for roles with tasks.write, offers a retry. */
export function FaultGroupsTable({
  days,
  rows,
  loading,
  error,
  canRetry,
  onRetry,
}: {
  days: number;
  rows: FaultGroupRow[] | undefined;
  loading: boolean;
  error?: string;
  canRetry: boolean;
  onRetry: (group: FaultGroupKey) => void;
}) {
  const columns: DataColumn<FaultGroupRow>[] = [
    {
      id: "code",
      header: "Fault",
      hideable: false,
      className: "min-w-48 whitespace-normal",
      sortValue: (g) => g.code,
      cell: (g) => (
        <div>
          <div className="font-medium text-slate-900" data-testid="fault-code">
            {g.code} · {faultCodeLabel(g.code)}
          </div>
          {g.message ? (
            <div className="line-clamp-2 text-xs break-words text-slate-500">{g.message}</div>
          ) : null}
        </div>
      ),
    },
    { id: "task", header: "Task", sortValue: (g) => g.task ?? "", cell: (g) => taskLabel(g.task) },
    {
      id: "model",
      header: "Model",
      className: "whitespace-normal",
      sortValue: (g) => modelLabel(g),
      cell: (g) => modelLabel(g),
    },
    {
      id: "version",
      header: "Software",
      sortValue: (g) => g.softwareVersion,
      cell: (g) => g.softwareVersion || "—",
    },
    {
      id: "devices",
      header: "Devices",
      sortValue: (g) => g.devices,
      cell: (g) => <span data-testid="group-devices">{g.devices.toLocaleString("en")}</span>,
    },
    {
      id: "occurrences",
      header: "Faults",
      sortValue: (g) => g.occurrences,
      cell: (g) => <span data-testid="group-occurrences">{g.occurrences.toLocaleString("en")}</span>,
    },
    {
      id: "last",
      header: "Last seen",
      sortValue: (g) => g.lastAt,
      cell: (g) => <RelativeTime value={g.lastAt} />,
    },
    {
      id: "actions",
      header: "Actions",
      hideable: false,
      cell: (g) => (
        <div className="flex items-center gap-2">
          <Link
            href={drillDownHref({ ...g, days })}
            className="rounded text-sm font-medium text-sky-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600"
          >
            Devices
            <span className="sr-only">{` with fault ${g.code} on ${modelLabel(g)} ${g.softwareVersion}`}</span>
          </Link>
          {canRetry && g.task ? (
            <Button
              variant="secondary"
              className="px-2 py-1"
              onClick={() => onRetry({ ...g, task: g.task!, days })}
            >
              Retry
              <span className="sr-only">{` failed ${g.task} on ${modelLabel(g)} ${g.softwareVersion}`}</span>
            </Button>
          ) : null}
        </div>
      ),
    },
  ];
  return (
    <DataTable
      label="Fault groups"
      columns={columns}
      rows={rows}
      getRowId={rowId}
      loading={loading}
      error={error}
      empty="No faults or failed tasks in this window."
    />
  );
}
