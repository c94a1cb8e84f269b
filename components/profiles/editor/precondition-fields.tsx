"use client";

import { useFieldArray } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { PARAM_OPS } from "@/lib/devices/search-query";
import { DEVICE_KINDS, ROOT_OBJECTS } from "@/lib/profiles/definition";
import { reasonsFor, type ProfileForm, type RefusedReason } from "./form-types";
import { ListInput } from "./list-input";
import { PathInput } from "./path-input";
import { RemoveRowButton } from "./remove-row-button";
import { RowReasons } from "./row-reasons";

const KIND_LABELS: Record<(typeof DEVICE_KINDS)[number], string> = {
  GATEWAY: "Gateways",
  STB: "Set-top boxes",
  OTHER: "Other devices",
};

const LISTS = [
  ["ouis", "OUIs"],
  ["productClasses", "Product classes"],
  ["models", "Models"],
  ["tags", "Tags (all of them)"],
] as const;

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** Which devices the profile applies to; empty fields match every device. */
export function PreconditionFields({
  form,
  refused,
  readOnly,
}: {
  form: ProfileForm;
  refused: readonly RefusedReason[];
  readOnly: boolean;
}) {
  const comparisons = useFieldArray({ control: form.control, name: "definition.precondition.parameters" });
  const p = "definition.precondition" as const;
  return (
    <fieldset className="space-y-3" disabled={readOnly}>
      <legend className="text-base font-semibold text-slate-900">Applies to</legend>
      <p className="text-sm text-slate-600">Empty fields match every device; lists are comma-separated.</p>
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        {DEVICE_KINDS.map((k) => (
          <label key={k} className="flex items-center gap-2 text-sm">
            <input type="checkbox" value={k} {...form.register(`${p}.kinds`)} /> {KIND_LABELS[k]}
          </label>
        ))}
        {ROOT_OBJECTS.map((r) => (
          <label key={r} className="flex items-center gap-2 text-sm">
            <input type="checkbox" value={r} {...form.register(`${p}.roots`)} /> {r}
          </label>
        ))}
      </div>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {LISTS.map(([key, label]) => (
          <Field key={key} id={`pre-${key}`} label={label}>
            <ListInput control={form.control} name={`${p}.${key}`} id={`pre-${key}`} disabled={readOnly} />
          </Field>
        ))}
        <Field id="pre-sw-min" label="Software version from (inclusive)">
          <Input {...form.register(`${p}.softwareVersion.min`, { setValueAs: emptyToUndefined })} />
        </Field>
        <Field id="pre-sw-below" label="Software version below">
          <Input {...form.register(`${p}.softwareVersion.below`, { setValueAs: emptyToUndefined })} />
        </Field>
      </div>
      <ol className="space-y-2" aria-label="Parameter conditions">
        {comparisons.fields.map((row, i) => {
          const reasons = reasonsFor(refused, `precondition.parameters[${i}]`);
          return (
            <li key={row.id}>
              <div className="grid gap-2 sm:grid-cols-[minmax(0,3fr)_8rem_minmax(0,2fr)_auto]">
                <PathInput
                  control={form.control}
                  name={`${p}.parameters.${i}.path`}
                  label={`Condition ${i + 1} path`}
                  invalid={reasons.length > 0}
                  disabled={readOnly}
                />
                <Select
                  aria-label={`Condition ${i + 1} operator`}
                  {...form.register(`${p}.parameters.${i}.op`)}
                >
                  {PARAM_OPS.map((op) => (
                    <option key={op} value={op}>
                      {op}
                    </option>
                  ))}
                </Select>
                <Input
                  aria-label={`Condition ${i + 1} value`}
                  {...form.register(`${p}.parameters.${i}.value`)}
                />
                <RemoveRowButton
                  readOnly={readOnly}
                  label={`Remove condition ${i + 1}`}
                  onRemove={() => comparisons.remove(i)}
                />
              </div>
              <RowReasons id={`cond-${row.id}-why`} reasons={reasons} />
            </li>
          );
        })}
      </ol>
      {readOnly ? null : (
        <Button variant="secondary" onClick={() => comparisons.append({ path: "", op: "eq", value: "" })}>
          Add condition
        </Button>
      )}
    </fieldset>
  );
}
