"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form, useZodForm } from "@/components/ui/form";
import { Input, Label, Select } from "@/components/ui/input";
import { tagParamFilterForm } from "@/lib/devices/filter-forms";
import { FAULT_DAYS_DEFAULT, type DeviceSearch, type ParamOp } from "@/lib/devices/search-query";
import { useTRPC } from "@/trpc/react";
import type { SearchPatch } from "./use-device-search";

const FACETS = [
  { key: "manufacturer", label: "Manufacturer", any: "Any manufacturer" },
  { key: "oui", label: "OUI", any: "Any OUI" },
  { key: "productClass", label: "Product class", any: "Any product class" },
  { key: "softwareVersion", label: "Software version", any: "Any version" },
] as const;

/** Operators in the order people reach for them; labels read as "<path> <operator> <value>". */
const OPS: { op: ParamOp; label: string }[] = [
  { op: "eq", label: "= equals" },
  { op: "ne", label: "≠ differs from" },
  { op: "gt", label: "> greater than" },
  { op: "lt", label: "< less than" },
  { op: "contains", label: "contains" },
  { op: "exists", label: "exists" },
];

/** "YYYY-MM-DD" of a date in the browser's time zone, for <input type="date">. */
function localDay(date: Date | undefined): string {
  if (!date) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight of a picked day; undefined when cleared. */
function fromDay(day: string): Date | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const NO_FAULTS = { faultCode: undefined, faultTask: undefined, faultDays: undefined } as const;

/** The fleet faults page's drill-down arrives as URL fields with no box of their own: say what they do. */
function FaultFilterNote({ search, onClear }: { search: DeviceSearch; onClear: () => void }) {
  const parts = [
    search.faultCode !== undefined ? `code ${search.faultCode}` : null,
    search.faultTask ? `from ${search.faultTask}` : null,
    `in the last ${search.faultDays ?? FAULT_DAYS_DEFAULT} days`,
  ].filter(Boolean);
  return (
    <p className="mt-3 flex flex-wrap items-center gap-2 text-sm text-slate-700">
      Devices with a fault {parts.join(" ")}.
      <Button variant="ghost" onClick={onClear}>
        Clear fault filter
      </Button>
    </p>
  );
}

export function DeviceMoreFilters({
  search,
  onChange,
}: {
  search: DeviceSearch;
  onChange: (patch: SearchPatch) => void;
}) {
  const trpc = useTRPC();
  const facets = useQuery(trpc.devices.facets.queryOptions(undefined, { staleTime: 30_000 }));
  const form = useZodForm(tagParamFilterForm, {
    defaultValues: {
      tag: search.tag ?? "",
      path: search.param?.path ?? "",
      op: search.param?.op ?? "eq",
      value: search.param?.value ?? "",
    },
  });
  const errors = form.formState.errors;
  const op = form.watch("op");
  const faulted =
    search.faultCode !== undefined || Boolean(search.faultTask) || search.faultDays !== undefined;
  const active =
    FACETS.some((f) => search[f.key]) ||
    Boolean(search.tag || search.param || search.bootstrapIncomplete) ||
    faulted;
  const dated = Boolean(search.lastInformBefore || search.lastInformAfter);
  // Open while any of its filters is set; otherwise the operator opens and closes it.
  const [open, setOpen] = useState(active || dated);
  useEffect(() => {
    if (active || dated) setOpen(true);
  }, [active, dated]);

  const submit = form.handleSubmit((v) =>
    onChange({
      tag: v.tag || undefined,
      param: v.path ? { path: v.path, op: v.op, value: v.op === "exists" ? "" : (v.value ?? "") } : undefined,
    }),
  );

  return (
    <details
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
      className="rounded-md border border-slate-200 bg-white px-3 py-2"
    >
      <summary className="cursor-pointer text-sm font-medium text-slate-700">More filters</summary>
      <div className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {FACETS.map((f) => {
          const current = search[f.key];
          const options = facets.data?.[f.key] ?? [];
          return (
            <div key={f.key}>
              <Label htmlFor={`device-${f.key}`}>{f.label}</Label>
              <Select
                id={`device-${f.key}`}
                value={current ?? ""}
                onChange={(e) => onChange({ [f.key]: e.target.value || undefined })}
              >
                <option value="">{f.any}</option>
                {current && !options.includes(current) ? <option value={current}>{current}</option> : null}
                {options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </Select>
            </div>
          );
        })}
        <div className="flex items-center gap-2 self-end pb-2">
          <input
            id="device-bootstrap"
            type="checkbox"
            checked={Boolean(search.bootstrapIncomplete)}
            onChange={(e) => onChange({ bootstrapIncomplete: e.target.checked ? true : undefined })}
            className="size-4 rounded border-slate-300"
          />
          <label htmlFor="device-bootstrap" className="text-sm text-slate-700">
            Bootstrap incomplete only
          </label>
        </div>
        <div>
          <Label htmlFor="device-inform-before">Last inform older than</Label>
          <Input
            id="device-inform-before"
            type="date"
            value={localDay(search.lastInformBefore)}
            onChange={(e) => onChange({ lastInformBefore: fromDay(e.target.value) })}
          />
        </div>
        <div>
          <Label htmlFor="device-inform-after">Last inform newer than</Label>
          <Input
            id="device-inform-after"
            type="date"
            value={localDay(search.lastInformAfter)}
            onChange={(e) => onChange({ lastInformAfter: fromDay(e.target.value) })}
          />
        </div>
      </div>
      {faulted ? <FaultFilterNote search={search} onClear={() => onChange(NO_FAULTS)} /> : null}
      <Form
        onSubmit={submit}
        aria-label="Tag and parameter filters"
        className="mt-3 flex flex-wrap items-start gap-3"
      >
        <Field id="device-tag" label="Tag" error={errors.tag?.message} className="w-40">
          <Input {...form.register("tag")} />
        </Field>
        <Field
          id="device-param-path"
          label="Parameter path"
          error={errors.path?.message}
          className="min-w-72 flex-1"
        >
          <Input
            className="font-mono"
            placeholder="Device.DeviceInfo.SoftwareVersion"
            {...form.register("path")}
          />
        </Field>
        <Field id="device-param-op" label="Comparison" className="w-44">
          <Select
            {...form.register("op", {
              // `exists` takes no value: the box empties rather than keep a value that is ignored.
              onChange: (e: { target: { value: string } }) => {
                if (e.target.value === "exists") form.setValue("value", "");
              },
            })}
          >
            {OPS.map((o) => (
              <option key={o.op} value={o.op}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="device-param-value" label="Parameter value" error={errors.value?.message} className="w-48">
          <Input disabled={op === "exists"} {...form.register("value")} />
        </Field>
        {/* Lined up with the inputs, below their labels, whether or not an error shows under one. */}
        <Button type="submit" variant="secondary" className="mt-6 h-10">
          Apply filters
        </Button>
        {active || dated ? (
          <Button
            variant="ghost"
            className="mt-6 h-10"
            onClick={() => {
              form.reset({ tag: "", path: "", op: "eq", value: "" });
              onChange({
                manufacturer: undefined,
                oui: undefined,
                productClass: undefined,
                softwareVersion: undefined,
                tag: undefined,
                param: undefined,
                lastInformBefore: undefined,
                lastInformAfter: undefined,
                bootstrapIncomplete: undefined,
                ...NO_FAULTS,
              });
            }}
          >
            Clear these filters
          </Button>
        ) : null}
      </Form>
    </details>
  );
}
