"use client";

import Link from "next/link";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { TRIGGER_LABELS } from "./labels";
import { EnabledBadge, StatusCounts } from "./status-counts";
import { useProfileList, type ProfileRow } from "./use-profiles";

const COLUMNS: DataColumn<ProfileRow>[] = [
  {
    id: "name",
    header: "Name",
    hideable: false,
    rowHeader: true,
    className: "min-w-48 max-w-sm whitespace-normal break-words",
    sortValue: (p) => p.name,
    cell: (p) => (
      <Link href={`/profiles/${p.id}`} className="font-medium text-sky-800 hover:underline">
        {p.name}
      </Link>
    ),
  },
  {
    id: "enabled",
    header: "State",
    sortValue: (p) => (p.enabled ? 1 : 0),
    cell: (p) => <EnabledBadge enabled={p.enabled} />,
  },
  { id: "priority", header: "Priority", sortValue: (p) => p.priority, cell: (p) => p.priority },
  { id: "version", header: "Version", sortValue: (p) => p.version, cell: (p) => `v${p.version}` },
  {
    id: "triggers",
    header: "Triggers",
    className: "min-w-40 whitespace-normal",
    cell: (p) => p.triggers.map((t) => TRIGGER_LABELS[t]).join(", "),
  },
  { id: "matched", header: "Matched", sortValue: (p) => p.matched, cell: (p) => p.matched },
  {
    id: "status",
    header: "Devices",
    className: "min-w-64",
    sortValue: (p) => p.counts.converged,
    cell: (p) => <StatusCounts counts={p.counts} />,
  },
  {
    id: "updated",
    header: "Updated",
    sortValue: (p) => p.updatedAt,
    cell: (p) => (
      <>
        <RelativeTime value={p.updatedAt} />
        <div className="text-xs text-slate-600">by {p.updatedBy}</div>
      </>
    ),
  },
];

export function ProfilesTable() {
  const list = useProfileList();
  return (
    <DataTable
      label="Profiles"
      persistKey="profiles"
      columns={COLUMNS}
      rows={list.data}
      getRowId={(p) => String(p.id)}
      rowHref={(p) => `/profiles/${p.id}`}
      rowTestId={(p) => `profile-${p.id}`}
      loading={list.isPending}
      busy={list.isFetching}
      error={list.isError ? `Could not load profiles: ${list.error.message}` : undefined}
      empty="No profiles yet"
    />
  );
}
