"use client";

import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import type { FaultGroupKey } from "@/lib/faults/group-key";
import { GroupActions } from "./group-actions";
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
      cell: (g) => <GroupActions group={g} days={days} canRetry={canRetry} onRetry={onRetry} />,
    },
  ];
  return (
    <DataTable
      label="Fault groups"
      persistKey="fault-groups"
      columns={columns}
      rows={rows}
      getRowId={rowId}
      loading={loading}
      error={error}
      empty="No faults or failed tasks in this window."
    />
  );
}
