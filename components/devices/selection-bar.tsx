"use client";

import type { ReactNode } from "react";
import { BulkActions } from "@/components/bulk/bulk-actions";
import { Button } from "@/components/ui/button";
import type { DeviceFilter } from "@/lib/devices/search-query";

export type Selection = { mode: "ids"; ids: Set<number> } | { mode: "all" };

/** What is selected for bulk work, "select all N matching", and the list's own tools (end of the bar). */
export function SelectionBar({
  selection,
  setSelection,
  filter,
  total,
  capped,
  exactTotal,
  canSelectAll,
  children,
}: {
  selection: Selection;
  setSelection: (s: Selection) => void;
  filter: DeviceFilter;
  total: number;
  capped: boolean;
  /** The exact count once asked for (select all); undefined while counting. */
  exactTotal: number | undefined;
  /** The whole page is selected and the search has more: offer "select all N matching". */
  canSelectAll: boolean;
  children: ReactNode;
}) {
  const plus = capped ? "+" : "";
  const allTotal = exactTotal ?? total;
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm" aria-label="Selection" role="toolbar">
      {selection.mode === "all" ? (
        <p>
          All {exactTotal === undefined ? `${total.toLocaleString()}${plus}` : allTotal.toLocaleString()}{" "}
          devices matching this search are selected.
        </p>
      ) : selection.ids.size > 0 ? (
        <p>{selection.ids.size.toLocaleString()} selected.</p>
      ) : (
        <p className="hidden text-slate-600 sm:block">Select devices for bulk work, or export the result.</p>
      )}
      {canSelectAll ? (
        <Button variant="ghost" onClick={() => setSelection({ mode: "all" })}>
          Select all {total.toLocaleString()}
          {plus} matching this search
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
      <div className="ml-auto flex items-center gap-2">{children}</div>
    </div>
  );
}
