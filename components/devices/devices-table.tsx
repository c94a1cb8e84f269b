"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { createColumnHelper, tableFeatures, useTable } from "@tanstack/react-table";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { clsx } from "clsx";
import { useCallback, useState } from "react";
import { Badge } from "@/components/ui/badge";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { DeviceFilters, type DeviceFilterValues } from "./device-filters";
import { Pagination } from "./pagination";
import { RelativeTime } from "./relative-time";

type DeviceRow = inferRouterOutputs<AppRouter>["devices"]["list"]["rows"][number];
type Sort = NonNullable<inferRouterInputs<AppRouter>["devices"]["list"]["sort"]>;

const PAGE_SIZE = 25;
/** Devices inform every few minutes; polling every 3 s shows new devices and state changes promptly. */
const REFRESH_MS = 3_000;
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
        <div className="font-mono text-slate-900">{row.original.serialNumber}</div>
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
    cell: ({ getValue }) => <span className="font-mono">{getValue() ?? "—"}</span>,
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

const SORTABLE = new Set<string>(["serialNumber", "softwareVersion", "ipAddress", "lastInform"]);
const EMPTY_ROWS: DeviceRow[] = [];

export function DevicesTable() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<DeviceFilterValues>({ search: "", kind: "", status: "" });
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<Sort>({ field: "lastInform", direction: "desc" });

  const onFiltersChange = useCallback((next: DeviceFilterValues) => {
    setFilters(next);
    setPage(1);
  }, []);

  const query = useQuery(
    trpc.devices.list.queryOptions(
      {
        search: filters.search || undefined,
        kind: filters.kind || undefined,
        online: filters.status === "" ? undefined : filters.status === "online",
        page,
        pageSize: PAGE_SIZE,
        sort,
      },
      { refetchInterval: REFRESH_MS, placeholderData: keepPreviousData },
    ),
  );
  const table = useTable({ features, columns, data: query.data?.rows ?? EMPTY_ROWS });
  const filtered = filters.search !== "" || filters.kind !== "" || filters.status !== "";

  function toggleSort(field: string) {
    if (!SORTABLE.has(field)) return;
    setSort((current) => ({
      field: field as Sort["field"],
      direction: current.field === field && current.direction === "desc" ? "asc" : "desc",
    }));
    setPage(1);
  }

  return (
    <div className="space-y-4">
      <DeviceFilters value={filters} onChange={onFiltersChange} />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
        <table
          className="min-w-full divide-y divide-slate-200 text-sm"
          aria-label="Devices"
          aria-busy={query.isFetching}
        >
          <thead className="bg-slate-50">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = sort.field === header.id ? sort.direction : undefined;
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={
                        sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined
                      }
                      className="px-4 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase"
                    >
                      {SORTABLE.has(header.id) ? (
                        <button
                          type="button"
                          onClick={() => toggleSort(header.id)}
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
              <tr key={row.original.id} className="hover:bg-slate-50">
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className="px-4 py-2.5 align-top whitespace-nowrap text-slate-700">
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {query.data && query.data.total === 0 ? (
          <div className="px-4 py-12 text-center" role="status">
            <p className="font-medium text-slate-900">
              {filtered ? "No devices match these filters" : "No devices yet"}
            </p>
            <p className="mt-1 text-sm text-slate-500">
              {filtered
                ? "Try a different search or clear the filters."
                : "Devices appear here as soon as they send their first Inform to the ACS."}
            </p>
          </div>
        ) : null}
        {query.isPending ? (
          <p className="px-4 py-6 text-sm text-slate-500" role="status">
            Loading devices…
          </p>
        ) : null}
        {query.isError ? (
          <p className="px-4 py-6 text-sm text-red-700" role="alert">
            Could not load devices: {query.error.message}
          </p>
        ) : null}
      </div>
      <Pagination page={page} pageSize={PAGE_SIZE} total={query.data?.total ?? 0} onPageChange={setPage} />
    </div>
  );
}
