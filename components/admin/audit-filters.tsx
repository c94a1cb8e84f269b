"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";

export interface AuditFilterValues {
  q: string;
  operatorId: string;
  action: string;
  deviceSerial: string;
  from: string;
  to: string;
}

export const EMPTY_FILTERS: AuditFilterValues = {
  q: "",
  operatorId: "",
  action: "",
  deviceSerial: "",
  from: "",
  to: "",
};

const ACTION_PREFIXES = ["auth.", "operator.", "device.", "task.", "bulk.", "datamodel.", "search."];

export function AuditFilters({
  initial,
  operators,
  onApply,
}: {
  initial: AuditFilterValues;
  operators: { id: number; username: string }[];
  onApply: (values: AuditFilterValues) => void;
}) {
  const [values, setValues] = useState(initial);
  const [error, setError] = useState<string>();
  const set = (key: keyof AuditFilterValues) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    if (values.from && values.to && values.from > values.to) return setError("“From” must be before “To”.");
    setError(undefined);
    onApply(values);
  }

  return (
    <form
      role="search"
      aria-label="Filter the audit log"
      onSubmit={submit}
      className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-xs sm:grid-cols-3 lg:grid-cols-6"
    >
      <div className="sm:col-span-3 lg:col-span-2">
        <Label htmlFor="audit-q">Search</Label>
        <Input
          id="audit-q"
          type="search"
          placeholder="Action or target"
          value={values.q}
          onChange={set("q")}
        />
      </div>
      <div>
        <Label htmlFor="audit-operator">Operator</Label>
        <Select id="audit-operator" value={values.operatorId} onChange={set("operatorId")}>
          <option value="">Anyone</option>
          {operators.map((o) => (
            <option key={o.id} value={String(o.id)}>
              {o.username}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <Label htmlFor="audit-action">Action</Label>
        <Input
          id="audit-action"
          list="audit-action-prefixes"
          placeholder="e.g. operator."
          value={values.action}
          onChange={set("action")}
        />
        <datalist id="audit-action-prefixes">
          {ACTION_PREFIXES.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
      </div>
      <div className="lg:col-span-2">
        <Label htmlFor="audit-device">Device serial</Label>
        <Input id="audit-device" value={values.deviceSerial} onChange={set("deviceSerial")} />
      </div>
      <div className="lg:col-span-2">
        <Label htmlFor="audit-from">From</Label>
        <Input id="audit-from" type="datetime-local" value={values.from} onChange={set("from")} />
      </div>
      <div className="lg:col-span-2">
        <Label htmlFor="audit-to">To</Label>
        <Input
          id="audit-to"
          type="datetime-local"
          value={values.to}
          onChange={set("to")}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "audit-range-error" : undefined}
        />
      </div>
      <div className="flex items-end gap-2 lg:col-span-2">
        <Button type="submit">Apply filters</Button>
        <Button
          variant="secondary"
          onClick={() => {
            setValues(EMPTY_FILTERS);
            setError(undefined);
            onApply(EMPTY_FILTERS);
          }}
        >
          Clear
        </Button>
      </div>
      {error ? (
        <p id="audit-range-error" role="alert" className="text-sm text-red-700 sm:col-span-3 lg:col-span-6">
          {error}
        </p>
      ) : null}
    </form>
  );
}
