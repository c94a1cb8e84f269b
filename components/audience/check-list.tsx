"use client";

import { useId } from "react";

/**
 * A multiple choice as a disclosure of checkboxes (a native <select multiple> needs Ctrl-click):
 * the summary says how many are chosen; none chosen = all.
 */
export function CheckList<V extends string | number>({
  label,
  options,
  selected,
  onChange,
}: {
  label: string;
  options: { value: V; label: string }[];
  selected: V[];
  onChange: (next: V[]) => void;
}) {
  const id = useId();
  const chosen = new Set(selected);
  const summary = selected.length === 0 ? "all" : `${selected.length} chosen`;
  return (
    <details className="group relative">
      <summary className="flex h-10 cursor-pointer items-center rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-800 select-none hover:bg-slate-50">
        {label}: {summary}
      </summary>
      <fieldset
        aria-labelledby={`${id}-legend`}
        className="absolute z-20 mt-1 max-h-64 w-64 max-w-[80vw] overflow-auto rounded-md border border-slate-200 bg-white p-2 shadow-lg"
      >
        <div className="mb-1 flex items-center justify-between">
          <span id={`${id}-legend`} className="text-sm font-medium text-slate-700">
            {label}
          </span>
          {selected.length ? (
            <button
              type="button"
              onClick={() => onChange([])}
              className="text-xs text-sky-800 underline underline-offset-2"
            >
              Clear
            </button>
          ) : null}
        </div>
        {options.length === 0 ? <p className="text-sm text-slate-600">None known yet</p> : null}
        {options.map((o) => (
          <label key={String(o.value)} className="flex items-center gap-2 py-0.5 text-sm text-slate-800">
            <input
              type="checkbox"
              checked={chosen.has(o.value)}
              onChange={(e) =>
                onChange(e.target.checked ? [...selected, o.value] : selected.filter((v) => v !== o.value))
              }
            />
            {o.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
