"use client";

import Link from "next/link";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { useConflicts, type ConflictRow } from "./use-profiles";

const side = (s: ConflictRow["winner"]) => (
  <>
    <Link href={`/profiles/${s.id}`} className="font-medium text-sky-800 hover:underline">
      {s.name}
    </Link>
    <div className="font-mono text-xs break-all text-slate-700">{s.value}</div>
  </>
);

const COLUMNS: DataColumn<ConflictRow>[] = [
  {
    id: "path",
    header: "Path",
    hideable: false,
    rowHeader: true,
    className: "max-w-md font-mono text-xs whitespace-normal break-all",
    sortValue: (c) => c.path,
    cell: (c) => c.path,
  },
  { id: "winner", header: "Wins", className: "min-w-40 whitespace-normal", cell: (c) => side(c.winner) },
  { id: "loser", header: "Overridden", className: "min-w-40 whitespace-normal", cell: (c) => side(c.loser) },
  { id: "devices", header: "Devices", sortValue: (c) => c.devices, cell: (c) => c.devices },
];

/** Enabled profiles that set one path to different values on the same devices. */
export function ConflictsPanel() {
  const conflicts = useConflicts();
  return (
    <section aria-labelledby="conflicts-heading" className="space-y-2">
      <h2 id="conflicts-heading" className="text-base font-semibold text-slate-900">
        Conflicts
      </h2>
      <p className="text-sm text-slate-600">
        Paths two enabled profiles set differently on the same devices: the higher priority wins.
      </p>
      <DataTable
        label="Conflicts"
        columns={COLUMNS}
        rows={conflicts.data}
        getRowId={(c) => `${c.path}|${c.winner.id}|${c.loser.id}`}
        loading={conflicts.isPending}
        error={conflicts.isError ? `Could not load conflicts: ${conflicts.error.message}` : undefined}
        empty="No conflicts between enabled profiles"
        maxHeight="max-h-96"
      />
    </section>
  );
}
