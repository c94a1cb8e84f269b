"use client";

import { useFieldArray } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { reasonsFor, type ProfileForm, type RefusedReason } from "./form-types";
import { PathInput } from "./path-input";
import { RemoveRowButton } from "./remove-row-button";
import { RowReasons } from "./row-reasons";

/** Parameter rows: path (completed from the data model) and the value to set, refs like ${serial} allowed. */
export function ParameterRows({
  form,
  refused,
  readOnly,
}: {
  form: ProfileForm;
  refused: readonly RefusedReason[];
  readOnly: boolean;
}) {
  const rows = useFieldArray({ control: form.control, name: "definition.parameters" });
  const errors = form.formState.errors.definition?.parameters;
  return (
    <fieldset className="space-y-2">
      <legend className="text-base font-semibold text-slate-900">Parameters</legend>
      <p className="text-sm text-slate-600">
        Values may use ${"{serial}"}, ${"{oui}"}, ${"{productClass}"}, ${"{subscriberId}"}, ${"{root}"} and $
        {"{secret:name}"}.
      </p>
      {rows.fields.length === 0 ? <p className="text-sm text-slate-600">No parameter rows.</p> : null}
      <ol className="space-y-2" aria-label="Parameter rows">
        {rows.fields.map((row, i) => {
          const reasons = reasonsFor(refused, `parameters[${i}]`);
          const error = errors?.[i]?.path?.message ?? errors?.[i]?.value?.message;
          const describedBy = reasons.length || error ? `param-${row.id}-why` : undefined;
          return (
            <li key={row.id} data-testid={`parameter-row-${i}`}>
              <div className="grid gap-2 sm:grid-cols-[minmax(0,3fr)_minmax(0,2fr)_auto]">
                <PathInput
                  control={form.control}
                  name={`definition.parameters.${i}.path`}
                  label={`Parameter ${i + 1} path`}
                  invalid={reasons.length > 0 || Boolean(errors?.[i]?.path)}
                  describedBy={describedBy}
                  disabled={readOnly}
                />
                <Input
                  aria-label={`Parameter ${i + 1} value`}
                  aria-describedby={describedBy}
                  className="font-mono"
                  disabled={readOnly}
                  {...form.register(`definition.parameters.${i}.value`)}
                />
                <RemoveRowButton
                  readOnly={readOnly}
                  label={`Remove parameter ${i + 1}`}
                  onRemove={() => rows.remove(i)}
                />
              </div>
              <RowReasons id={`param-${row.id}-why`} reasons={error ? [error, ...reasons] : reasons} />
            </li>
          );
        })}
      </ol>
      {readOnly ? null : (
        <Button variant="secondary" onClick={() => rows.append({ path: "", value: "" })}>
          Add parameter
        </Button>
      )}
    </fieldset>
  );
}
