"use client";

import { useState } from "react";
import { useController, useFieldArray, type Control } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { ProfileSaveInput } from "@/lib/profiles/input";
import { reasonsFor, type ProfileForm, type RefusedReason } from "./form-types";
import { formatInstanceValues, parseInstanceValues } from "./instance-values";
import { RemoveRowButton } from "./remove-row-button";
import { RowReasons } from "./row-reasons";

type Props = { form: ProfileForm; refused: readonly RefusedReason[]; readOnly: boolean };

/** Multi-instance tables found by a key parameter; instances are name=value lines. */
export function ObjectTables({ form, refused, readOnly }: Props) {
  const tables = useFieldArray({ control: form.control, name: "definition.objects" });
  return (
    <fieldset className="space-y-3">
      <legend className="text-base font-semibold text-slate-900">Object tables</legend>
      {tables.fields.length === 0 ? <p className="text-sm text-slate-600">No object tables.</p> : null}
      {tables.fields.map((t, i) => (
        <div key={t.id} className="space-y-2 rounded-md border border-slate-200 p-3">
          <ObjectTable form={form} index={i} refused={refused} readOnly={readOnly} />
          {readOnly ? null : (
            <Button variant="ghost" onClick={() => tables.remove(i)}>
              Remove table {i + 1}
            </Button>
          )}
        </div>
      ))}
      {readOnly ? null : (
        <Button
          variant="secondary"
          onClick={() => tables.append({ path: "", key: "", exact: false, instances: [] })}
        >
          Add object table
        </Button>
      )}
    </fieldset>
  );
}

function ObjectTable({ form, index, refused, readOnly }: Props & { index: number }) {
  const base = `definition.objects.${index}` as const;
  const instances = useFieldArray({ control: form.control, name: `${base}.instances` });
  const errors = form.formState.errors.definition?.objects?.[index];
  return (
    <>
      <div className="grid gap-2 sm:grid-cols-[minmax(0,3fr)_minmax(0,1fr)_auto] sm:items-end">
        <Field id={`obj-${index}-path`} label={`Table ${index + 1} path`} error={errors?.path?.message}>
          <Input className="font-mono" disabled={readOnly} {...form.register(`${base}.path`)} />
        </Field>
        <Field id={`obj-${index}-key`} label="Key parameter" error={errors?.key?.message}>
          <Input className="font-mono" disabled={readOnly} {...form.register(`${base}.key`)} />
        </Field>
        <label className="flex h-10 items-center gap-2 text-sm">
          <input type="checkbox" disabled={readOnly} {...form.register(`${base}.exact`)} /> Exactly these
        </label>
      </div>
      <RowReasons id={`obj-${index}-why`} reasons={reasonsFor(refused, `objects[${index}]`)} />
      <ol className="space-y-2" aria-label={`Table ${index + 1} instances`}>
        {instances.fields.map((inst, j) => (
          <li key={inst.id} className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_auto]">
            <InstanceText
              control={form.control}
              name={`${base}.instances.${j}.values`}
              label={`Table ${index + 1} instance ${j + 1} (name=value lines)`}
              disabled={readOnly}
            />
            <RemoveRowButton
              readOnly={readOnly}
              label={`Remove instance ${j + 1}`}
              onRemove={() => instances.remove(j)}
            />
            {(inst.children ?? []).length > 0 ? (
              <details className="text-sm sm:col-span-2">
                <summary>Child tables (read-only here)</summary>
                <pre className="overflow-x-auto rounded bg-slate-50 p-2 text-xs">
                  {JSON.stringify(inst.children, null, 2)}
                </pre>
              </details>
            ) : null}
          </li>
        ))}
      </ol>
      {readOnly ? null : (
        <Button variant="secondary" onClick={() => instances.append({ values: {}, children: [] })}>
          Add instance
        </Button>
      )}
    </>
  );
}

function InstanceText({
  control,
  name,
  label,
  disabled,
}: {
  control: Control<ProfileSaveInput>;
  name: `definition.objects.${number}.instances.${number}.values`;
  label: string;
  disabled: boolean;
}) {
  const { field } = useController({ control, name });
  // Kept as typed: reformatting on each keystroke would drop a line still missing its "=".
  const [text, setText] = useState(() => formatInstanceValues(field.value ?? {}));
  return (
    <textarea
      aria-label={label}
      rows={3}
      disabled={disabled}
      spellCheck={false}
      className="block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-sm"
      name={field.name}
      ref={field.ref}
      value={text}
      onBlur={field.onBlur}
      onChange={(e) => {
        setText(e.target.value);
        field.onChange(parseInstanceValues(e.target.value));
      }}
    />
  );
}
