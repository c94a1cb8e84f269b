"use client";

import { STREAM_KPIS } from "@/lib/monitoring/kpis";
import type { WaveForm } from "./form-types";
import { NumberField } from "./number-field";

/**
 * The optional QoE gate: before each next stage, upgraded devices are compared with not-yet-upgraded
 * ones of the same models on the chosen metrics; a regression beyond the limit pauses the wave.
 */
export function QoeGateFields({ form }: { form: WaveForm }) {
  const on = form.watch("useQoeGate");
  const metricsError = form.formState.errors.qoeMetrics;
  return (
    <div className="space-y-3">
      <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input type="checkbox" {...form.register("useQoeGate")} /> Pause on a QoE regression
      </label>
      {on ? (
        <div className="space-y-3 border-l-2 border-slate-200 pl-3">
          <fieldset aria-describedby={metricsError ? "wave-qoe-metrics-error" : undefined}>
            <legend className="mb-1 text-sm font-medium text-slate-700">
              Metrics compared (upgraded vs not yet upgraded, same models)
            </legend>
            <div className="grid max-h-48 gap-1 overflow-auto text-sm sm:grid-cols-2">
              {STREAM_KPIS.map((k) => (
                <label key={k.key} className="flex items-center gap-2 text-slate-700">
                  <input type="checkbox" value={k.key} {...form.register("qoeMetrics")} />
                  {k.label} <span className="text-xs text-slate-500">({k.unit})</span>
                </label>
              ))}
            </div>
            {metricsError ? (
              <p id="wave-qoe-metrics-error" className="mt-1 text-sm text-red-700">
                {metricsError.message ?? "Choose at least one metric"}
              </p>
            ) : null}
          </fieldset>
          <div className="grid gap-3 sm:grid-cols-3">
            <NumberField
              form={form}
              name="qoeMaxRegressionPct"
              id="wave-qoe-regression"
              label="Largest regression (%)"
              hint="Worse than the others by more than this pauses the wave"
              min={1}
              max={1000}
            />
            <NumberField
              form={form}
              name="qoeWindowMinutes"
              id="wave-qoe-window"
              label="Compared over (minutes)"
              min={1}
            />
            <NumberField
              form={form}
              name="qoeMinSeconds"
              id="wave-qoe-min-seconds"
              label="Viewing needed per group (s)"
              hint="Less holds the wave until there is enough"
              min={60}
            />
          </div>
        </div>
      ) : null}
    </div>
  );
}
