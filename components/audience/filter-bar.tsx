"use client";

import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { CheckList } from "./check-list";
import type { FilterState } from "./filter-state";
import type { AudienceOptions } from "./use-audience";

/** Date range (local days), regions, segments, channels; applied together with one button. */
export function FilterBar({
  initial,
  options,
  onApply,
  onReset,
}: {
  initial: FilterState;
  options: AudienceOptions;
  onApply: (next: FilterState) => void;
  onReset: () => void;
}) {
  const id = useId();
  const [state, setState] = useState(initial);
  const invalid =
    !state.from || !state.to ? "Choose both days." : state.from > state.to ? "From is after To." : null;
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!invalid) onApply(state);
  }
  return (
    <form
      onSubmit={submit}
      aria-label="Audience filters"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
    >
      <div className="w-40">
        <Label htmlFor={`${id}-from`}>From</Label>
        <Input
          id={`${id}-from`}
          type="date"
          value={state.from}
          max={state.to || undefined}
          onChange={(e) => setState({ ...state, from: e.target.value })}
        />
      </div>
      <div className="w-40">
        <Label htmlFor={`${id}-to`}>To</Label>
        <Input
          id={`${id}-to`}
          type="date"
          value={state.to}
          min={state.from || undefined}
          onChange={(e) => setState({ ...state, to: e.target.value })}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={invalid ? `${id}-error` : undefined}
        />
      </div>
      <CheckList
        label="Regions"
        options={options.regions.map((r) => ({ value: r.id, label: r.name }))}
        selected={state.regionIds}
        onChange={(regionIds) => setState({ ...state, regionIds })}
      />
      <CheckList
        label="Segments"
        options={options.segments.map((s) => ({ value: s, label: s }))}
        selected={state.segments}
        onChange={(segments) => setState({ ...state, segments })}
      />
      <CheckList
        label="Channels"
        options={options.channels.map((c) => ({
          value: c.id,
          label: c.number === null ? c.name : `${c.number} · ${c.name}`,
        }))}
        selected={state.channelIds}
        onChange={(channelIds) => setState({ ...state, channelIds })}
      />
      <div className="flex gap-2">
        <Button type="submit" disabled={Boolean(invalid)}>
          Apply filters
        </Button>
        <Button variant="secondary" onClick={onReset}>
          Reset
        </Button>
      </div>
      {invalid ? (
        <p id={`${id}-error`} role="alert" className="w-full text-sm text-red-700">
          {invalid}
        </p>
      ) : null}
    </form>
  );
}
