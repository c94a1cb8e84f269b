"use client";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PROFILE_TRIGGERS } from "@/lib/profiles/definition";
import { TRIGGER_LABELS } from "../labels";
import type { ProfileForm } from "./form-types";

const optionalNumber = (v: unknown) => (v === "" || v === null || v === undefined ? null : Number(v));

/** Name, description, priority, enabled, rollout pace and the sessions that trigger the profile. */
export function GeneralFields({ form, readOnly }: { form: ProfileForm; readOnly: boolean }) {
  const errors = form.formState.errors;
  return (
    <fieldset className="space-y-3" disabled={readOnly}>
      <legend className="sr-only">General</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="profile-name" label="Name" error={errors.name?.message}>
          <Input {...form.register("name")} />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field
            id="profile-priority"
            label="Priority"
            hint="Higher wins where profiles overlap"
            error={errors.priority?.message}
          >
            <Input
              type="number"
              min={0}
              max={10000}
              {...form.register("priority", { valueAsNumber: true })}
            />
          </Field>
          <Field
            id="profile-rollout"
            label="Devices per minute"
            hint="Empty: no limit"
            error={errors.rolloutPerMinute?.message}
          >
            <Input
              type="number"
              min={1}
              {...form.register("rolloutPerMinute", { setValueAs: optionalNumber })}
            />
          </Field>
        </div>
      </div>
      <Field id="profile-description" label="Description" error={errors.description?.message}>
        <textarea
          rows={2}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
          {...form.register("description")}
        />
      </Field>
      <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input type="checkbox" {...form.register("enabled")} /> Enabled (applies to matching devices)
      </label>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-700">Apply at</legend>
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          {PROFILE_TRIGGERS.map((t) => (
            <label key={t} className="flex items-center gap-2 text-sm">
              <input type="checkbox" value={t} {...form.register("definition.triggers")} />{" "}
              {TRIGGER_LABELS[t]}
            </label>
          ))}
        </div>
        {errors.definition?.triggers ? (
          <p className="mt-1 text-sm text-red-700">Choose at least one trigger</p>
        ) : null}
      </fieldset>
    </fieldset>
  );
}
