"use client";

import { useFieldArray } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { NOTIFICATIONS } from "@/lib/profiles/definition";
import { NOTIFICATION_LABELS } from "../labels";
import { reasonsFor, type ProfileForm, type RefusedReason } from "./form-types";
import { PathInput } from "./path-input";
import { RemoveRowButton } from "./remove-row-button";
import { RowReasons } from "./row-reasons";

/** Attribute rows: a parameter's notification (off / passive / active). */
export function AttributeRows({
  form,
  refused,
  readOnly,
}: {
  form: ProfileForm;
  refused: readonly RefusedReason[];
  readOnly: boolean;
}) {
  const rows = useFieldArray({ control: form.control, name: "definition.attributes" });
  const errors = form.formState.errors.definition?.attributes;
  return (
    <fieldset className="space-y-2">
      <legend className="text-base font-semibold text-slate-900">Notifications</legend>
      {rows.fields.length === 0 ? <p className="text-sm text-slate-600">No notification rows.</p> : null}
      <ol className="space-y-2" aria-label="Notification rows">
        {rows.fields.map((row, i) => {
          const reasons = reasonsFor(refused, `attributes[${i}]`);
          const error = errors?.[i]?.path?.message;
          const describedBy = reasons.length || error ? `attr-${row.id}-why` : undefined;
          return (
            <li key={row.id}>
              <div className="grid gap-2 sm:grid-cols-[minmax(0,3fr)_minmax(0,1fr)_auto]">
                <PathInput
                  control={form.control}
                  name={`definition.attributes.${i}.path`}
                  label={`Notification ${i + 1} path`}
                  invalid={reasons.length > 0 || Boolean(error)}
                  describedBy={describedBy}
                  disabled={readOnly}
                />
                <Select
                  aria-label={`Notification ${i + 1} mode`}
                  disabled={readOnly}
                  {...form.register(`definition.attributes.${i}.notification`)}
                >
                  {NOTIFICATIONS.map((n) => (
                    <option key={n} value={n}>
                      {NOTIFICATION_LABELS[n]}
                    </option>
                  ))}
                </Select>
                <RemoveRowButton
                  readOnly={readOnly}
                  label={`Remove notification ${i + 1}`}
                  onRemove={() => rows.remove(i)}
                />
              </div>
              <RowReasons id={`attr-${row.id}-why`} reasons={error ? [error, ...reasons] : reasons} />
            </li>
          );
        })}
      </ol>
      {readOnly ? null : (
        <Button variant="secondary" onClick={() => rows.append({ path: "", notification: "active" })}>
          Add notification
        </Button>
      )}
    </fieldset>
  );
}
