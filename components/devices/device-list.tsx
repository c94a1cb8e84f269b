"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { BulkActions } from "@/components/bulk/bulk-actions";
import { Button } from "@/components/ui/button";
import { hasFilters, searchToParams } from "@/server/devices/search-url";
import { useTRPC } from "@/trpc/react";
import { DeviceFilters } from "./device-filters";
import { DevicesTable, type DeviceRow } from "./devices-table";
import { Pagination } from "./pagination";
import { SavedSearches } from "./saved-searches";
import { useDeviceSearch } from "./use-device-search";

/** Devices inform every few minutes; polling every 3 s shows new devices and state changes promptly. */
const REFRESH_MS = 3_000;
const EMPTY_ROWS: DeviceRow[] = [];

type Selection = { mode: "ids"; ids: Set<number> } | { mode: "all" };

export function DeviceList() {
  const trpc = useTRPC();
  const { search, filter, update, apply } = useDeviceSearch();
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
  const exact = useQuery(trpc.devices.count.queryOptions(filter, { enabled: selection.mode === "all" }));
  const rows = list.data?.rows ?? EMPTY_ROWS;
  const total = list.data?.total ?? 0;
  const selectedIds = selection.mode === "ids" ? selection.ids : new Set(rows.map((r) => r.id));

  const onSelect = useCallback((ids: number[], on: boolean) => {
    setSelection((current) => {
      const next = new Set(current.mode === "ids" ? current.ids : []);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return { mode: "ids", ids: next };
    });
  }, []);

  const pageFullySelected = rows.length > 0 && rows.every((r) => selectedIds.has(r.id));
  const allTotal = exact.data?.total ?? total;
  const exportHref = `/api/devices/export?${searchToParams(filter).toString()}`;

  return (
    <div className="space-y-4">
      <DeviceFilters search={search} onChange={update} />
      <SavedSearches search={search} onApply={apply} />
      <div className="flex flex-wrap items-center gap-3 text-sm" aria-label="Selection" role="toolbar">
        {selection.mode === "all" ? (
          <p>
            All{" "}
            {exact.isPending
              ? `${total.toLocaleString()}${list.data?.capped ? "+" : ""}`
              : allTotal.toLocaleString()}{" "}
            devices matching this search are selected.
          </p>
        ) : selection.ids.size > 0 ? (
          <p>{selection.ids.size.toLocaleString()} selected.</p>
        ) : (
          <p className="text-slate-500">Select devices for bulk work, or export the result.</p>
        )}
        {selection.mode === "ids" && pageFullySelected && total > rows.length ? (
          <Button variant="ghost" onClick={() => setSelection({ mode: "all" })}>
            Select all {total.toLocaleString()}
            {list.data?.capped ? "+" : ""} matching this search
          </Button>
        ) : null}
        {selection.mode === "all" || selection.ids.size > 0 ? (
          <>
            <Button variant="ghost" onClick={() => setSelection({ mode: "ids", ids: new Set() })}>
              Clear selection
            </Button>
            <BulkActions
              selection={selection.mode === "all" ? { filter } : { deviceIds: [...selection.ids] }}
              total={selection.mode === "all" ? allTotal : selection.ids.size}
            />
          </>
        ) : null}
        <a
          href={exportHref}
          download
          className="ml-auto rounded-md border border-slate-300 bg-white px-3 py-2 font-medium text-slate-800 hover:bg-slate-50"
        >
          Export CSV
        </a>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
        <DevicesTable
          rows={rows}
          busy={list.isFetching}
          sort={search.sort}
          dir={search.dir}
          onSort={(sort, dir) => update({ sort, dir })}
          selected={selectedIds}
          onSelect={onSelect}
        />
        {list.data && total === 0 ? (
          <div className="px-4 py-12 text-center" role="status">
            <p className="font-medium text-slate-900">
              {hasFilters(filter) ? "No devices match these filters" : "No devices yet"}
            </p>
            <p className="mt-1 text-sm text-slate-500">
              {hasFilters(filter)
                ? "Try a different search or clear the filters."
                : "Devices appear here as soon as they send their first Inform to the ACS."}
            </p>
          </div>
        ) : null}
        {list.isPending ? (
          <p className="px-4 py-6 text-sm text-slate-500" role="status">
            Loading devices…
          </p>
        ) : null}
        {list.isError ? (
          <p className="px-4 py-6 text-sm text-red-700" role="alert">
            Could not load devices: {list.error.message}
          </p>
        ) : null}
      </div>
      <Pagination
        page={search.page}
        pageSize={search.pageSize}
        total={total}
        capped={list.data?.capped ?? false}
        onPageChange={(page) => update({ page })}
      />
    </div>
  );
}
