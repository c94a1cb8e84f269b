"use client";

import { useId, useState } from "react";

export interface ColumnChoice {
  id: string;
  label: string;
  visible: boolean;
  canHide: boolean;
}

/**
 * "Columns" menu: a disclosure (<details>) of checkboxes, one per column that may be hidden. A plain
 * disclosure is keyboard- and screen-reader-friendly without menu roving logic.
 */
export function ColumnMenu({
  columns,
  onToggle,
}: {
  columns: ColumnChoice[];
  onToggle: (id: string, visible: boolean) => void;
}) {
  const base = useId();
  // The checkboxes exist only while the menu is open: closed, they would still carry the column
  // names as labels and clash with the page's own fields of the same name.
  const [open, setOpen] = useState(false);
  const hideable = columns.filter((c) => c.canHide);
  if (hideable.length === 0) return null;
  return (
    <details className="relative" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="inline-flex cursor-pointer list-none items-center gap-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600">
        Columns
        <span aria-hidden>▾</span>
      </summary>
      {open ? (
        <fieldset className="absolute right-0 z-20 mt-1 min-w-48 space-y-1 rounded-md border border-slate-200 bg-white p-3 shadow-lg">
          <legend className="sr-only">Visible columns</legend>
          {hideable.map((c) => (
            <div key={c.id} className="flex items-center gap-2 text-sm text-slate-800">
              <input
                id={`${base}-${c.id}`}
                type="checkbox"
                checked={c.visible}
                onChange={(e) => onToggle(c.id, e.target.checked)}
                className="size-4 rounded border-slate-300"
              />
              <label htmlFor={`${base}-${c.id}`}>{c.label}</label>
            </div>
          ))}
        </fieldset>
      ) : null}
    </details>
  );
}
