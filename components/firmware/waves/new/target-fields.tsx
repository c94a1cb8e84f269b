"use client";

import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import type { SavedSearchOption } from "../target";
import { describeFilter } from "../target";
import type { DeviceFilter } from "@/lib/devices/search-query";
import type { WaveForm } from "./form-types";

/**
 * Which devices: one of the operator's saved searches, or the device list's search the page was opened
 * with. The devices are frozen into the wave when it starts; devices that match later are not added.
 */
export function TargetFields({
  form,
  saved,
  hasSearch,
  filter,
}: {
  form: WaveForm;
  saved: SavedSearchOption[];
  hasSearch: boolean;
  filter: DeviceFilter | null;
}) {
  const errors = form.formState.errors;
  const target = form.watch("target");
  return (
    <div className="space-y-3">
      <div
        role="radiogroup"
        aria-label="Target"
        className="flex flex-wrap gap-x-6 gap-y-2 text-sm text-slate-800"
      >
        <label className="flex items-center gap-2">
          <input type="radio" value="saved" {...form.register("target")} /> A saved search
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" value="search" {...form.register("target")} />
          {hasSearch ? "The device search I came from" : "Every device (no device search given)"}
        </label>
      </div>
      {target === "saved" ? (
        <Field
          id="wave-saved-search"
          label="Saved search"
          hint={saved.length === 0 ? "You have no saved searches: save one on the Devices page." : undefined}
          error={errors.savedSearchId?.message}
        >
          <Select {...form.register("savedSearchId")}>
            <option value="">Choose a saved search…</option>
            {saved.map((s) => (
              <option key={s.id} value={String(s.id)}>
                {s.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      {filter ? (
        <div className="text-sm text-slate-700" data-testid="wave-target-filter">
          <span className="font-medium">Devices matching: </span>
          {describeFilter(filter).join("; ")}
        </div>
      ) : null}
    </div>
  );
}
