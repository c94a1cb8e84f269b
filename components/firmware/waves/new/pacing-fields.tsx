"use client";

import { useNow } from "@/components/ui/clock";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { formatAbsoluteTime } from "@/components/ui/relative-time-format";
import { previewWindow } from "../window-time";
import type { WaveForm } from "./form-types";
import { NumberField } from "./number-field";

/** When a window opens next, as croner reads the pattern in its zone (the server decides for real). */
function WindowPreview({ form }: { form: WaveForm }) {
  const now = useNow();
  const [cron, duration, zone] = form.watch(["cron", "durationMinutes", "timeZone"]);
  if (now === null) return null;
  const w = previewWindow(cron, Number.isFinite(duration) ? duration : undefined, zone, new Date(now));
  return (
    <p role="status" className="text-sm text-slate-700" data-testid="wave-window-preview">
      {!w.ok
        ? `Not a window: ${w.error}`
        : w.openNow && w.openUntil
          ? `A window is open now, until ${formatAbsoluteTime(w.openUntil)}.`
          : w.nextOpen
            ? `Next window opens ${formatAbsoluteTime(w.nextOpen)}.`
            : "This pattern never opens a window."}
    </p>
  );
}

/** Wait between stages, concurrency and rate caps, and the optional maintenance window. */
export function PacingFields({ form }: { form: WaveForm }) {
  const errors = form.formState.errors;
  const useWindow = form.watch("useWindow");
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-3">
        <NumberField
          form={form}
          name="waitMinutes"
          id="wave-wait"
          label="Wait between stages (minutes)"
          min={0}
        />
        <NumberField
          form={form}
          name="maxConcurrent"
          id="wave-concurrent"
          label="At most in progress"
          hint="Devices sent the image and not yet verified or failed"
          min={1}
        />
        <NumberField form={form} name="perMinute" id="wave-per-minute" label="Started per minute" min={1} />
      </div>
      <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input type="checkbox" {...form.register("useWindow")} /> Only in maintenance windows
      </label>
      {useWindow ? (
        <div className="space-y-2 border-l-2 border-slate-200 pl-3">
          <div className="grid gap-3 sm:grid-cols-3">
            <Field
              id="wave-cron"
              label="Window opens (cron)"
              hint="e.g. 0 2 * * * = 02:00 every day"
              error={errors.cron?.message}
            >
              <Input className="font-mono" {...form.register("cron")} />
            </Field>
            <NumberField
              form={form}
              name="durationMinutes"
              id="wave-duration"
              label="Window length (minutes)"
              min={1}
              max={1440}
            />
            <Field id="wave-zone" label="Time zone" error={errors.timeZone?.message}>
              <Input {...form.register("timeZone")} />
            </Field>
          </div>
          <WindowPreview form={form} />
          <p className="text-xs text-slate-600">Devices outside the window wait for the next one.</p>
        </div>
      ) : null}
    </div>
  );
}
