"use client";

import type { WaveForm } from "./form-types";
import { NumberField } from "./number-field";

/** What counts as success, when a stage pauses the wave on its own, and automatic rollback. */
export function CriteriaFields({ form }: { form: WaveForm }) {
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <NumberField
          form={form}
          name="verifyMinutes"
          id="wave-verify"
          label="Verify within (minutes)"
          hint="The new version reported after the download"
          min={1}
        />
        <NumberField
          form={form}
          name="failurePercent"
          id="wave-failure-ratio"
          label="Pause above failure ratio (%)"
          hint="Failed of finished, in the stage"
          min={0}
          max={100}
          step="any"
        />
        <NumberField
          form={form}
          name="minSample"
          id="wave-min-sample"
          label="Once this many finished"
          hint="The ratio counts from here"
          min={1}
        />
        <NumberField
          form={form}
          name="maxFailures"
          id="wave-max-failures"
          label="Or pause at failures"
          hint="In one stage"
          min={1}
        />
      </div>
      <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input type="checkbox" {...form.register("autoRollback")} /> Roll back a device that fails
        verification
      </label>
    </div>
  );
}
