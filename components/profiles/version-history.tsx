"use client";

import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { diffDefinitions, type DiffEntry } from "./definition-diff";
import { EnabledBadge } from "./status-counts";
import type { ProfileVersion } from "./use-profiles";

/** diff null: the previous version is beyond the ones loaded (profiles.get answers the latest 50). */
type Row = ProfileVersion & { diff: DiffEntry[] | null };

const SIGN: Record<DiffEntry["change"], string> = { added: "+", removed: "−", changed: "~" };

function Changes({ row }: { row: Row }) {
  if (row.diff === null) return <span className="text-slate-600">Previous version not loaded</span>;
  if (row.diff.length === 0) return <span className="text-slate-600">No definition change</span>;
  return (
    <details>
      <summary className="cursor-pointer text-sky-800">
        {row.diff.length} change{row.diff.length === 1 ? "" : "s"}
      </summary>
      <ul className="mt-1 space-y-0.5 font-mono text-xs" aria-label={`Changes in version ${row.version}`}>
        {row.diff.map((d) => (
          <li key={`${d.change}${d.what}`} className="break-all">
            <span aria-hidden>{SIGN[d.change]} </span>
            <span className="sr-only">{d.change}: </span>
            {d.what}
            {d.change === "changed" ? `: ${d.before} → ${d.after}` : `: ${d.after ?? d.before}`}
          </li>
        ))}
      </ul>
    </details>
  );
}

const COLUMNS: DataColumn<Row>[] = [
  {
    id: "version",
    header: "Version",
    hideable: false,
    rowHeader: true,
    sortValue: (v) => v.version,
    cell: (v) => `v${v.version}`,
  },
  { id: "by", header: "By", sortValue: (v) => v.createdBy, cell: (v) => v.createdBy },
  {
    id: "at",
    header: "At",
    sortValue: (v) => v.createdAt,
    cell: (v) => <RelativeTime value={v.createdAt} />,
  },
  { id: "enabled", header: "State", cell: (v) => <EnabledBadge enabled={v.enabled} /> },
  { id: "priority", header: "Priority", sortValue: (v) => v.priority, cell: (v) => v.priority },
  {
    id: "changes",
    header: "Changes from the previous version",
    className: "min-w-72 max-w-xl whitespace-normal",
    cell: (v) => <Changes row={v} />,
  },
];

/** Versions newest first (as profiles.get answers), each compared with the one before it. */
export function VersionHistory({ versions }: { versions: ProfileVersion[] }) {
  const rows: Row[] = versions.map((v, i) => {
    const previous = versions[i + 1];
    if (!previous && v.version > 1) return { ...v, diff: null };
    return { ...v, diff: diffDefinitions(previous?.definition ?? null, v.definition) };
  });
  return (
    <DataTable
      label="Version history"
      columns={COLUMNS}
      rows={rows}
      getRowId={(v) => String(v.version)}
      initialSort={{ id: "version", desc: true }}
      empty="No versions"
    />
  );
}
