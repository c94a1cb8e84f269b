"use client";

import type { ReactNode } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { WaveForm } from "./form-types";
import type { WaveFormInput } from "../wave-form";

/** The form's number settings (minutes, caps, thresholds). */
type NumberName = {
  [K in keyof WaveFormInput]-?: NonNullable<WaveFormInput[K]> extends number ? K : never;
}[keyof WaveFormInput];

/** One numeric setting of the new-wave form: label, hint, error and a number input read as a number. */
export function NumberField({
  form,
  name,
  id,
  label,
  hint,
  min,
  max,
  step,
}: {
  form: WaveForm;
  name: NumberName;
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  min?: number;
  max?: number;
  step?: string;
}) {
  const error = form.formState.errors[name]?.message;
  return (
    <Field id={id} label={label} hint={hint} error={typeof error === "string" ? error : undefined}>
      <Input
        type="number"
        min={min}
        max={max}
        step={step}
        {...form.register(name, { valueAsNumber: true })}
      />
    </Field>
  );
}
