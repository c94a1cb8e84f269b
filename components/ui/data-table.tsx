"use client";

import {
  columnVisibilityFeature,
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type SortingState,
} from "@tanstack/react-table";
import { clsx } from "clsx";
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from "react";
import { ColumnMenu } from "./column-menu";
import { clampActiveRow, nextRowIndex } from "./row-navigation";
import { SortHeader } from "./sort-header";
import { compareSortValues, type SortValue } from "./sort-value";
import { TableSelectAll, TableSelectRow, type RowSelection } from "./table-selection";
import { useColumnVisibility } from "./use-column-visibility";

/** One column: how to render a cell and, when sortable on the client, the value to sort by. */
export interface DataColumn<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Client-side sorting compares these values; server-driven tables set `sortable` instead. */
  sortValue?: (row: T) => SortValue;
  sortable?: boolean;
  /** false keeps the column out of the Columns menu (identity columns). Default true. */
  hideable?: boolean;
  defaultHidden?: boolean;
  /** Extra classes for the cells (e.g. "whitespace-normal break-words" for long text). */
  className?: string;
  /** Extra classes for the column's header cell (e.g. "sticky left-0 bg-slate-50"). */
  headerClassName?: string;
  /** The cells name their row (<th scope="row">), so a screen reader reads them with each cell. */
  rowHeader?: boolean;
}

export interface DataTableSort {
  id: string;
  desc: boolean;
}

export type { RowSelection, SortValue };

const features = tableFeatures({
  rowSortingFeature,
  columnVisibilityFeature,
  sortedRowModel: createSortedRowModel(),
});

const EMPTY: never[] = [];

/** Clicks on a row's own controls (links, buttons, inputs) are theirs, not the row's. */
function isControl(target: EventTarget): boolean {
  return (
    target instanceof Element && Boolean(target.closest("a, button, input, select, textarea, label, summary"))
  );
}

/**
 * The console's table, on TanStack Table: typed columns, sorting (on the client by `sortValue`, or
 * server-driven with `sort` + `onSortChange`), a Columns menu, a sticky header, loading / error /
 * empty states, optional row selection, and keyboard row focus (one tab stop; Up/Down/Home/End move
 * between rows; Enter opens the row when `rowHref` or `onOpen` is given). Usage:
 *   <DataTable label="Operators" rows={data?.rows} getRowId={(r) => String(r.id)}
 *     loading={q.isPending} error={q.error?.message} empty="No operators"
 *     columns={[{ id: "name", header: "Name", cell: (r) => r.name, sortValue: (r) => r.name }]} />
 * With `persistKey`, the columns an operator hides or shows are kept in this browser's localStorage
 * (`vantage:columns:<persistKey>`) and restored when the table mounts.
 */
export function DataTable<T extends object>({
  label,
  columns,
  rows,
  getRowId,
  loading = false,
  busy = false,
  error,
  empty = "Nothing to show",
  sort,
  onSortChange,
  initialSort,
  rowHref,
  onOpen,
  rowTestId,
  selection,
  toolbar,
  maxHeight = "max-h-[70vh]",
  persistKey,
}: {
  label: string;
  columns: DataColumn<T>[];
  rows: T[] | undefined;
  getRowId: (row: T) => string;
  /** No rows yet (first load). */
  loading?: boolean;
  /** Rows shown are being refreshed. */
  busy?: boolean;
  error?: ReactNode;
  empty?: ReactNode;
  sort?: DataTableSort;
  onSortChange?: (sort: DataTableSort) => void;
  initialSort?: DataTableSort;
  rowHref?: (row: T) => string;
  onOpen?: (row: T) => void;
  /** data-testid of each row, for e2e specs that find a row by its record. */
  rowTestId?: (row: T) => string;
  selection?: RowSelection<T>;
  toolbar?: ReactNode;
  maxHeight?: string;
  /** Names this table's saved column visibility; without it, hidden columns last until the page closes. */
  persistKey?: string;
}) {
  const router = useRouter();
  const serverSorted = Boolean(onSortChange);
  const [clientSort, setClientSort] = useState<SortingState>(initialSort ? [initialSort] : []);
  const [active, setActive] = useState(0);
  const [visibility, setVisibility] = useColumnVisibility(columns, persistKey);
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);

  const byId = useMemo(() => new Map(columns.map((c) => [c.id, c])), [columns]);
  const defs = useMemo(() => {
    const helper = createColumnHelper<typeof features, T>();
    return helper.columns(
      columns.map((c) =>
        helper.accessor((row) => (c.sortValue ? c.sortValue(row) : null), {
          id: c.id,
          header: c.header,
          enableSorting: serverSorted ? Boolean(c.sortable) : Boolean(c.sortValue),
          enableHiding: c.hideable !== false,
          sortFn: (a, b, id) => compareSortValues(a.getValue<SortValue>(id), b.getValue<SortValue>(id)),
        }),
      ),
    );
  }, [columns, serverSorted]);
  const sorting: SortingState = serverSorted ? (sort ? [sort] : []) : clientSort;
  const table = useTable({
    features,
    columns: defs,
    data: rows ?? EMPTY,
    getRowId,
    manualSorting: serverSorted,
    enableSortingRemoval: false,
    state: { sorting, columnVisibility: visibility },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      if (serverSorted) {
        if (first) onSortChange?.({ id: first.id, desc: first.desc });
      } else setClientSort(next);
    },
    onColumnVisibilityChange: (updater) =>
      setVisibility(typeof updater === "function" ? updater(visibility) : updater),
  });

  const tableRows = table.getRowModel().rows;
  const focusIndex = clampActiveRow(active, tableRows.length);
  const visibleColumns = table.getVisibleLeafColumns();
  const canOpen = Boolean(rowHref ?? onOpen);

  function open(row: T) {
    if (onOpen) onOpen(row);
    else if (rowHref) router.push(rowHref(row));
  }
  function onRowKeyDown(e: KeyboardEvent<HTMLTableRowElement>, index: number, row: T) {
    if (e.target !== e.currentTarget) return; // keys inside a cell's own control stay theirs
    if (e.key === "Enter" && canOpen) {
      e.preventDefault();
      open(row);
      return;
    }
    const next = nextRowIndex(index, e.key, tableRows.length);
    if (next === null) return;
    e.preventDefault();
    setActive(next);
    rowRefs.current[next]?.focus();
  }
  function onRowClick(e: MouseEvent, row: T) {
    if (canOpen && !isControl(e.target)) open(row);
  }

  const colSpan = visibleColumns.length + (selection ? 1 : 0);
  let state: ReactNode = null;
  if (error) state = <span className="text-red-700">{error}</span>;
  else if (loading && tableRows.length === 0) state = "Loading…";
  else if (tableRows.length === 0) state = empty;

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-end gap-2 empty:hidden">
        {toolbar}
        <ColumnMenu
          columns={table.getAllLeafColumns().map((c) => ({
            id: c.id,
            label: byId.get(c.id)?.header ?? c.id,
            visible: c.getIsVisible(),
            canHide: c.getCanHide(),
          }))}
          onToggle={(id, on) => table.getColumn(id)?.toggleVisibility(on)}
        />
      </div>
      <div className={clsx("overflow-auto rounded-lg border border-slate-200 bg-white shadow-xs", maxHeight)}>
        <table
          className="min-w-full divide-y divide-slate-200 text-sm"
          aria-label={label}
          aria-busy={loading || busy}
        >
          <thead className="sticky top-0 z-10 bg-slate-50">
            <tr>
              {selection ? (
                <th scope="col" className="w-10 px-4 py-2.5">
                  <TableSelectAll rows={rows ?? []} getRowId={getRowId} selection={selection} />
                </th>
              ) : null}
              {table
                .getFlatHeaders()
                .filter((h) => h.column.getIsVisible())
                .map((header) => (
                  <SortHeader
                    key={header.id}
                    label={byId.get(header.column.id)?.header ?? header.column.id}
                    canSort={header.column.getCanSort()}
                    sorted={header.column.getIsSorted()}
                    onSort={() => header.column.toggleSorting(header.column.getIsSorted() === "asc")}
                    className={byId.get(header.column.id)?.headerClassName}
                  />
                ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {state !== null ? (
              <tr>
                <td
                  colSpan={colSpan}
                  className="px-4 py-8 text-center text-slate-600"
                  role={error ? "alert" : undefined}
                >
                  {state}
                </td>
              </tr>
            ) : (
              tableRows.map((row, index) => {
                const original = row.original;
                const selected = selection?.selected.has(row.id) ?? false;
                return (
                  <tr
                    key={row.id}
                    data-testid={rowTestId?.(original)}
                    ref={(el) => {
                      rowRefs.current[index] = el;
                    }}
                    tabIndex={index === focusIndex ? 0 : -1}
                    aria-selected={selection ? selected : undefined}
                    onKeyDown={(e) => onRowKeyDown(e, index, original)}
                    onFocus={() => setActive(index)}
                    onClick={(e) => onRowClick(e, original)}
                    className={clsx(
                      "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-600",
                      canOpen && "cursor-pointer hover:bg-slate-50",
                      selected && "bg-sky-50/60",
                    )}
                  >
                    {selection ? (
                      <td className="px-4 py-2.5 align-top">
                        <TableSelectRow row={original} id={row.id} selection={selection} />
                      </td>
                    ) : null}
                    {row.getVisibleCells().map((cell) => {
                      const column = byId.get(cell.column.id);
                      const Cell = column?.rowHeader ? "th" : "td";
                      return (
                        <Cell
                          key={cell.id}
                          scope={column?.rowHeader ? "row" : undefined}
                          className={clsx(
                            "px-4 py-2.5 align-top text-slate-700",
                            column?.rowHeader && "text-left font-normal",
                            column?.className ?? "whitespace-nowrap",
                          )}
                        >
                          {column?.cell(original)}
                        </Cell>
                      );
                    })}
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
