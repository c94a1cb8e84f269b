"use client";

import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import { clsx } from "clsx";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { MouseEvent } from "react";
import { Badge } from "@/components/ui/badge";
import type { AppRouter } from "@/server/api/root";
import type { DeviceSearch } from "@/server/devices/search-query";
import { RelativeTime } from "./relative-time";

export type DeviceRow = inferRouterOutputs<AppRouter>["devices"]["list"]["rows"][number];
type SortField = DeviceSearch["sort"];

const KIND_LABELS: Record<DeviceRow["kind"], string> = {
  GATEWAY: "Gateway",
  STB: "Set-top box",
  OTHER: "Other",
};

const features = tableFeatures({});
const column = createColumnHelper<typeof features, DeviceRow>();
const columns = column.columns([
  column.accessor("serialNumber", {
    header: "Serial number",
    cell: ({ row }) => (
      <div>
        <Link
          href={`/devices/${row.original.id}`}
          className="font-mono text-sky-800 underline-offset-2 hover:underline"
        >
          {row.original.serialNumber}
        </Link>
        <div className="text-xs text-slate-500">
          {row.original.oui}-{row.original.productClass}
        </div>
      </div>
    ),
  }),
  column.accessor("kind", { header: "Kind", cell: ({ getValue }) => KIND_LABELS[getValue()] }),
  column.accessor("modelName", {
    header: "Model",
    cell: ({ row }) => (
      <div>
        <div>{row.original.modelName || "—"}</div>
        <div className="text-xs text-slate-500">{row.original.manufacturer}</div>
      </div>
    ),
  }),
  column.accessor("softwareVersion", { header: "Software", cell: ({ getValue }) => getValue() || "—" }),
  column.accessor("ipAddress", {
    header: "IP address",
    cell: ({ row }) => (
      <div>
        <div className="font-mono">{row.original.ipAddress ?? "—"}</div>
        <div className="text-xs text-slate-500">{row.original.subscriberId ?? ""}</div>
      </div>
    ),
  }),
  column.accessor("tags", {
    header: "Tags",
    cell: ({ getValue }) => (
      <div className="flex max-w-40 flex-wrap gap-1">
        {getValue().map((t) => (
          <Badge key={t} tone="info">
            {t}
          </Badge>
        ))}
      </div>
    ),
  }),
  column.accessor("lastInform", {
    header: "Last inform",
    cell: ({ getValue }) => <RelativeTime value={getValue()} />,
  }),
  column.accessor("online", {
    header: "Status",
    cell: ({ getValue }) =>
      getValue() ? (
        <Badge tone="success">
          <span aria-hidden className="size-1.5 rounded-full bg-emerald-500" />
          Online
        </Badge>
      ) : (
        <Badge>
          <span aria-hidden className="size-1.5 rounded-full bg-slate-400" />
          Offline
        </Badge>
      ),
  }),
]);

const SORTABLE = new Set<string>(["serialNumber", "kind", "softwareVersion", "ipAddress", "lastInform"]);

/** Clicks on a row open the device, except clicks on its own controls (checkbox, link). */
function isControl(target: EventTarget): boolean {
  return target instanceof Element && Boolean(target.closest("a, button, input, label"));
}

export function DevicesTable({
  rows,
  busy,
  sort,
  dir,
  onSort,
  selected,
  onSelect,
}: {
  rows: DeviceRow[];
  busy: boolean;
  sort: SortField;
  dir: "asc" | "desc";
  onSort: (field: SortField, dir: "asc" | "desc") => void;
  selected: ReadonlySet<number>;
  onSelect: (ids: number[], on: boolean) => void;
}) {
  const router = useRouter();
  const table = useTable({ features, columns, data: rows });
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const someOnPage = rows.some((r) => selected.has(r.id));

  function open(event: MouseEvent, id: number) {
    if (!isControl(event.target)) router.push(`/devices/${id}`);
  }

  return (
    <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Devices" aria-busy={busy}>
      <thead className="bg-slate-50">
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            <th scope="col" className="w-10 px-4 py-2.5">
              <input
                type="checkbox"
                aria-label="Select all devices on this page"
                checked={allOnPage}
                ref={(el) => {
                  if (el) el.indeterminate = someOnPage && !allOnPage;
                }}
                onChange={(e) =>
                  onSelect(
                    rows.map((r) => r.id),
                    e.target.checked,
                  )
                }
                className="size-4 rounded border-slate-300"
              />
            </th>
            {group.headers.map((header) => {
              const sorted = sort === header.id ? dir : undefined;
              return (
                <th
                  key={header.id}
                  scope="col"
                  aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                  className="px-4 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase"
                >
                  {SORTABLE.has(header.id) ? (
                    <button
                      type="button"
                      onClick={() => onSort(header.id as SortField, sorted === "desc" ? "asc" : "desc")}
                      className="inline-flex gap-1 uppercase hover:text-slate-900"
                    >
                      <table.FlexRender header={header} />
                      <span aria-hidden className={clsx(!sorted && "invisible")}>
                        {sorted === "asc" ? "▲" : "▼"}
                      </span>
                    </button>
                  ) : (
                    <table.FlexRender header={header} />
                  )}
                </th>
              );
            })}
          </tr>
        ))}
      </thead>
      <tbody className="divide-y divide-slate-100">
        {table.getRowModel().rows.map((row) => (
          <tr
            key={row.original.id}
            onClick={(e) => open(e, row.original.id)}
            className={clsx(
              "cursor-pointer hover:bg-slate-50",
              selected.has(row.original.id) && "bg-sky-50/60",
            )}
          >
            <td className="px-4 py-2.5 align-top">
              <input
                type="checkbox"
                aria-label={`Select ${row.original.serialNumber}`}
                checked={selected.has(row.original.id)}
                onChange={(e) => onSelect([row.original.id], e.target.checked)}
                className="size-4 rounded border-slate-300"
              />
            </td>
            {row.getAllCells().map((cell) => (
              <td key={cell.id} className="px-4 py-2.5 align-top whitespace-nowrap text-slate-700">
                <table.FlexRender cell={cell} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
