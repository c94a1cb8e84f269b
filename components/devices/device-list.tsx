"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { DataTable, type RowSelection } from "@/components/ui/data-table";
import { Pagination } from "@/components/ui/pagination";
import { DEFAULT_COLUMNS, DEVICE_SORT_FIELDS, type DeviceSearch } from "@/lib/devices/search-query";
import { hasFilters, searchToParams } from "@/lib/devices/search-url";
import { useTRPC } from "@/trpc/react";
import { ColumnPicker } from "./column-picker";
import { deviceColumns } from "./device-columns";
import { DeviceFilters } from "./device-filters";
import type { DeviceRow } from "./device-row";
import { SelectionBar, type Selection } from "./selection-bar";
import { useDeviceSearch } from "./use-device-search";
import { useStableRows } from "./use-stable-rows";

/** Devices inform every few minutes; polling every 3 s shows new devices and state changes promptly. */
const REFRESH_MS = 3_000;
type SortField = DeviceSearch["sort"];
const isSortField = (id: string): id is SortField => (DEVICE_SORT_FIELDS as readonly string[]).includes(id);

export function DeviceList() {
  const trpc = useTRPC();
  const { search, filter, query, update, apply } = useDeviceSearch();
  const [selection, setSelection] = useState<Selection>({ mode: "ids", ids: new Set() });
  const filterKey = JSON.stringify(filter);
  // A selection belongs to the search it was made in.
  useEffect(() => setSelection({ mode: "ids", ids: new Set() }), [filterKey]);

  const list = useQuery(
    trpc.devices.list.queryOptions(search, {
      refetchInterval: REFRESH_MS,
      placeholderData: keepPreviousData,
    }),
  );
  // The previous search's rows stay visible while the new one loads, but never in its order.
  const fresh = list.isPlaceholderData ? undefined : list.data?.rows;
  const stable = useStableRows<DeviceRow>(query, fresh);
  const rows = stable.rows ?? (list.isPlaceholderData ? list.data?.rows : undefined);
  const exact = useQuery(trpc.devices.count.queryOptions(filter, { enabled: selection.mode === "all" }));
  const total = list.data?.total ?? 0;
  const chosen = search.columns ?? DEFAULT_COLUMNS;
  const columns = useMemo(() => deviceColumns(chosen), [chosen]);

  const selectedIds = useMemo(
    () =>
      new Set((selection.mode === "ids" ? [...selection.ids] : (rows ?? []).map((r) => r.id)).map(String)),
    [selection, rows],
  );
  const onSelect = useCallback((ids: string[], on: boolean) => {
    setSelection((current) => {
      const next = new Set(current.mode === "ids" ? current.ids : []);
      for (const id of ids) {
        if (on) next.add(Number(id));
        else next.delete(Number(id));
      }
      return { mode: "ids", ids: next };
    });
  }, []);
  const rowSelection: RowSelection<DeviceRow> = {
    selected: selectedIds,
    onChange: onSelect,
    rowLabel: (r) => `Select ${r.serialNumber}`,
    allLabel: "Select all devices on this page",
  };
  const pageFullySelected = Boolean(rows?.length) && (rows ?? []).every((r) => selectedIds.has(String(r.id)));
  const exportHref = `/api/devices/export?${searchToParams({ ...filter, columns: search.columns }).toString()}`;

  return (
    <div className="space-y-3 sm:space-y-4">
      <DeviceFilters search={search} onChange={update} onApply={apply} />
      <SelectionBar
        selection={selection}
        setSelection={setSelection}
        filter={filter}
        total={total}
        capped={list.data?.capped ?? false}
        exactTotal={exact.data?.total}
        canSelectAll={selection.mode === "ids" && pageFullySelected && total > (rows?.length ?? 0)}
      >
        <ColumnPicker columns={chosen} onChange={(c) => update({ columns: c }, { keepPage: true })} />
        <a
          href={exportHref}
          download
          className="inline-flex h-10 items-center rounded-md border border-slate-300 bg-white px-3 font-medium text-slate-800 hover:bg-slate-50"
        >
          Export CSV
        </a>
      </SelectionBar>
      <div role="status" aria-live="polite" className="empty:hidden">
        {stable.pending > 0 ? (
          <Button variant="secondary" className="w-full sm:w-auto" onClick={stable.refreshOrder}>
            {stable.pending === 1 ? "1 device updated" : `${stable.pending} devices updated`} — refresh order
          </Button>
        ) : null}
      </div>
      <DataTable<DeviceRow>
        label="Devices"
        columns={columns}
        rows={rows}
        getRowId={(r) => String(r.id)}
        loading={list.isPending}
        busy={list.isFetching}
        error={list.isError ? `Could not load devices: ${list.error.message}` : undefined}
        empty={<EmptyList filtered={hasFilters(filter)} />}
        sort={{ id: search.sort, desc: search.dir === "desc" }}
        onSortChange={(s) => {
          if (isSortField(s.id)) update({ sort: s.id, dir: s.desc ? "desc" : "asc" });
        }}
        rowHref={(r) => `/devices/${r.id}`}
        selection={rowSelection}
        maxHeight="max-h-none"
      />
      <Pagination
        page={search.page}
        pageSize={search.pageSize}
        total={total}
        noun="devices"
        capped={list.data?.capped ?? false}
        onPageChange={(page) => update({ page })}
      />
    </div>
  );
}

function EmptyList({ filtered }: { filtered: boolean }) {
  return (
    <span role="status">
      <span className="block font-medium text-slate-900">
        {filtered ? "No devices match these filters" : "No devices yet"}
      </span>
      <span className="mt-1 block text-sm text-slate-600">
        {filtered
          ? "Try a different search or clear the filters."
          : "Devices appear here as soon as they send their first Inform to the ACS."}
      </span>
    </span>
  );
}
