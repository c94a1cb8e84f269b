"use client";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { WaveForm } from "./form-types";

/** What counts as success, when a stage pauses the wave on its own, and automatic rollback. */
export function CriteriaFields({ form }: { form: WaveForm }) {
  const errors = form.formState.errors;
  const n = { valueAsNumber: true } as const;
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field
          id="wave-verify"
          label="Verify within (minutes)"
          hint="The new version reported after the download"
          error={errors.verifyMinutes?.message}
        >
          <Input type="number" min={1} {...form.register("verifyMinutes", n)} />
        </Field>
        <Field
          id="wave-failure-ratio"
          label="Pause above failure ratio (%)"
          hint="Failed of finished, in the stage"
          error={errors.failurePercent?.message}
        >
          <Input type="number" min={0} max={100} step="any" {...form.register("failurePercent", n)} />
        </Field>
        <Field
          id="wave-min-sample"
          label="Once this many finished"
          hint="The ratio counts from here"
          error={errors.minSample?.message}
        >
          <Input type="number" min={1} {...form.register("minSample", n)} />
        </Field>
        <Field
          id="wave-max-failures"
          label="Or pause at failures"
          hint="In one stage"
          error={errors.maxFailures?.message}
        >
          <Input type="number" min={1} {...form.register("maxFailures", n)} />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input type="checkbox" {...form.register("autoRollback")} /> Roll back a device that fails
        verification
      </label>
    </div>
  );
}
