"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form, useZodForm } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { addColumnForm } from "@/lib/devices/filter-forms";
import {
  ATTRIBUTE_COLUMNS,
  DEFAULT_COLUMNS,
  isParameterColumn,
  MAX_COLUMNS,
} from "@/lib/devices/search-query";
import { ATTRIBUTE_LABELS } from "./device-columns";

/**
 * The list's columns: any summary attribute (checkboxes) and any parameter path (typed). The choice
 * is part of the search (URL, saved searches, CSV export), so it is applied through `onChange`.
 */
export function ColumnPicker({
  columns,
  onChange,
}: {
  columns: readonly string[];
  onChange: (columns: string[] | undefined) => void;
}) {
  const base = useId();
  const form = useZodForm(addColumnForm, { defaultValues: { path: "" } });
  // The choices exist only while open: closed, their labels ("Kind", "Status"...) would shadow the
  // filters' labels for assistive technology and tests alike.
  const [open, setOpen] = useState(false);
  const chosen = new Set(columns);
  const paths = columns.filter(isParameterColumn);

  function set(next: string[]) {
    const isDefault =
      next.length === DEFAULT_COLUMNS.length && next.every((c, i) => c === DEFAULT_COLUMNS[i]);
    onChange(isDefault ? undefined : next);
  }
  function toggle(column: string, on: boolean) {
    if (on) set([...columns, column]);
    else if (columns.length > 1) set(columns.filter((c) => c !== column));
  }
  // The schema checks the path; whether it fits is a question about the columns shown now.
  const add = form.handleSubmit(({ path }) => {
    if (chosen.has(path)) form.setError("path", { message: "That column is already shown." });
    else if (columns.length >= MAX_COLUMNS)
      form.setError("path", { message: `At most ${MAX_COLUMNS} columns.` });
    else {
      form.reset({ path: "" });
      set([...columns, path]);
    }
  });

  return (
    <details className="relative" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="inline-flex h-10 cursor-pointer list-none items-center gap-1 rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600">
        Columns <span aria-hidden>▾</span>
      </summary>
      {open ? (
        <div className="absolute right-0 z-20 mt-1 w-80 max-w-[calc(100vw-2rem)] space-y-3 rounded-md border border-slate-200 bg-white p-3 shadow-lg">
          <fieldset className="grid grid-cols-2 gap-1">
            <legend className="mb-1 text-sm font-medium text-slate-700">Device attributes</legend>
            {ATTRIBUTE_COLUMNS.map((c) => (
              <div key={c} className="flex items-center gap-2 text-sm text-slate-800">
                <input
                  id={`${base}-${c}`}
                  type="checkbox"
                  checked={chosen.has(c)}
                  disabled={chosen.has(c) && columns.length === 1}
                  onChange={(e) => toggle(c, e.target.checked)}
                  className="size-4 rounded border-slate-300"
                />
                <label htmlFor={`${base}-${c}`}>{ATTRIBUTE_LABELS[c]}</label>
              </div>
            ))}
          </fieldset>
          {paths.length ? (
            <ul aria-label="Parameter columns" className="space-y-1">
              {paths.map((p) => (
                <li key={p} className="flex items-center justify-between gap-2 text-xs">
                  <span className="font-mono break-all">{p}</span>
                  <Button variant="ghost" className="px-2 py-1" onClick={() => toggle(p, false)}>
                    Remove<span className="sr-only"> column {p}</span>
                  </Button>
                </li>
              ))}
            </ul>
          ) : null}
          <Form onSubmit={add} aria-label="Add a parameter column" className="space-y-2">
            <Field id={`${base}-path`} label="Parameter column" error={form.formState.errors.path?.message}>
              <Input
                className="font-mono"
                placeholder="Device.DeviceInfo.UpTime"
                {...form.register("path")}
              />
            </Field>
            <div className="flex gap-2">
              <Button type="submit" variant="secondary">
                Add column
              </Button>
              <Button variant="ghost" onClick={() => onChange(undefined)}>
                Default columns
              </Button>
            </div>
          </Form>
        </div>
      ) : null}
    </details>
  );
}
