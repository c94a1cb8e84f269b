"use client";

import { useFieldArray } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { stageName } from "../labels";
import type { WaveForm } from "./form-types";

/** One size: an amount and whether it is devices or a percentage of the wave. */
function SizeRow({
  form,
  name,
  label,
  error,
  onRemove,
}: {
  form: WaveForm;
  name: "canary" | `stages.${number}`;
  label: string;
  error: string | undefined;
  onRemove?: () => void;
}) {
  const id = `wave-${name.replace(".", "-")}`;
  return (
    <li className="flex flex-wrap items-start gap-2" data-testid={`${id}-row`}>
      <span className="w-24 pt-2 text-sm font-medium text-slate-800">{label}</span>
      <div className="w-28">
        <Input
          id={`${id}-amount`}
          type="number"
          min={0}
          step="any"
          aria-label={`${label} size`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          {...form.register(`${name}.amount`, { valueAsNumber: true })}
        />
      </div>
      <div className="w-44">
        <Select aria-label={`${label} unit`} {...form.register(`${name}.unit`)}>
          <option value="count">devices</option>
          <option value="percent">% of the wave</option>
        </Select>
      </div>
      {onRemove ? (
        <Button variant="ghost" onClick={onRemove} aria-label={`Remove ${label.toLowerCase()}`}>
          Remove
        </Button>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="basis-full pl-26 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </li>
  );
}

/**
 * The canary, then the stages after it. The last stage also takes whatever the sizes before it leave,
 * so "100 %" there means "everyone left".
 */
export function StageRows({ form }: { form: WaveForm }) {
  const stages = useFieldArray({ control: form.control, name: "stages" });
  const errors = form.formState.errors;
  const arrayError = errors.stages?.message ?? errors.stages?.root?.message;
  return (
    <div className="space-y-2">
      <ol className="space-y-2">
        <SizeRow form={form} name="canary" label="Canary" error={errors.canary?.amount?.message} />
        {stages.fields.map((field, i) => (
          <SizeRow
            key={field.id}
            form={form}
            name={`stages.${i}`}
            label={stageName(i + 1)}
            error={errors.stages?.[i]?.amount?.message}
            onRemove={stages.fields.length > 1 ? () => stages.remove(i) : undefined}
          />
        ))}
      </ol>
      {arrayError ? <p className="text-sm text-red-700">{arrayError}</p> : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="secondary"
          disabled={stages.fields.length >= 20}
          onClick={() => stages.append({ amount: 100, unit: "percent" })}
        >
          Add stage
        </Button>
        <p className="text-xs text-slate-600">The last stage takes every device the others leave.</p>
      </div>
    </div>
  );
}
