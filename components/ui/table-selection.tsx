"use client";

/** Row selection owned by the page (it may span pages): ids in, changes out. */
export interface RowSelection<T> {
  selected: ReadonlySet<string>;
  onChange: (ids: string[], selected: boolean) => void;
  /** Accessible name of a row's checkbox, e.g. (r) => `Select ${r.serialNumber}`. */
  rowLabel: (row: T) => string;
  allLabel?: string;
}

export function TableSelectAll<T>({
  rows,
  getRowId,
  selection,
}: {
  rows: T[];
  getRowId: (row: T) => string;
  selection: RowSelection<T>;
}) {
  const ids = rows.map(getRowId);
  const all = ids.length > 0 && ids.every((id) => selection.selected.has(id));
  const some = ids.some((id) => selection.selected.has(id));
  return (
    <input
      type="checkbox"
      aria-label={selection.allLabel ?? "Select all rows on this page"}
      checked={all}
      ref={(el) => {
        if (el) el.indeterminate = some && !all;
      }}
      onChange={(e) => selection.onChange(ids, e.target.checked)}
      className="size-4 rounded border-slate-300"
    />
  );
}

export function TableSelectRow<T>({
  row,
  id,
  selection,
}: {
  row: T;
  id: string;
  selection: RowSelection<T>;
}) {
  return (
    <input
      type="checkbox"
      aria-label={selection.rowLabel(row)}
      checked={selection.selected.has(id)}
      onChange={(e) => selection.onChange([id], e.target.checked)}
      className="size-4 rounded border-slate-300"
    />
  );
}
