"use client";

import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form, useZodForm } from "@/components/ui/form";
import { Input, Select } from "@/components/ui/input";

const auditFilters = z
  .object({
    q: z.string(),
    operatorId: z.string(),
    action: z.string(),
    deviceSerial: z.string(),
    from: z.string(),
    to: z.string(),
  })
  // datetime-local values ("2026-01-15T09:30") compare correctly as strings.
  .refine((v) => !v.from || !v.to || v.from <= v.to, {
    message: "“From” must be before “To”.",
    path: ["to"],
  });

export type AuditFilterValues = z.infer<typeof auditFilters>;

export const EMPTY_FILTERS: AuditFilterValues = {
  q: "",
  operatorId: "",
  action: "",
  deviceSerial: "",
  from: "",
  to: "",
};

const ACTION_PREFIXES = ["auth.", "operator.", "device.", "task.", "bulk.", "datamodel.", "search."];

/**
 * Filters of the audit log. From/To are wall-clock times in `timeZone` (the browser's, which the
 * table uses too), named under the fields so nobody has to guess.
 */
export function AuditFilters({
  initial,
  operators,
  timeZone,
  onApply,
}: {
  initial: AuditFilterValues;
  operators: { id: number; username: string }[];
  timeZone: string | null;
  onApply: (values: AuditFilterValues) => void;
}) {
  const form = useZodForm(auditFilters, { defaultValues: initial });
  const { register, formState } = form;
  const zoneHint = timeZone ? `Time zone: ${timeZone}` : undefined;

  return (
    <Form
      role="search"
      aria-label="Filter the audit log"
      onSubmit={form.handleSubmit(onApply)}
      className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-xs sm:grid-cols-3 lg:grid-cols-6"
    >
      <Field id="audit-q" label="Search" className="sm:col-span-3 lg:col-span-2">
        <Input type="search" placeholder="Action or target" {...register("q")} />
      </Field>
      <Field id="audit-operator" label="Operator">
        <Select {...register("operatorId")}>
          <option value="">Anyone</option>
          {operators.map((o) => (
            <option key={o.id} value={String(o.id)}>
              {o.username}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="audit-action" label="Action">
        <Input list="audit-action-prefixes" placeholder="e.g. operator." {...register("action")} />
      </Field>
      <datalist id="audit-action-prefixes">
        {ACTION_PREFIXES.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <Field id="audit-device" label="Device serial" className="lg:col-span-2">
        <Input {...register("deviceSerial")} />
      </Field>
      <Field id="audit-from" label="From" hint={zoneHint} className="lg:col-span-2">
        <Input type="datetime-local" {...register("from")} />
      </Field>
      <Field
        id="audit-to"
        label="To"
        hint={zoneHint}
        error={formState.errors.to?.message}
        className="lg:col-span-2"
      >
        <Input type="datetime-local" {...register("to")} />
      </Field>
      <div className="flex items-end gap-2 lg:col-span-2">
        <Button type="submit">Apply filters</Button>
        <Button
          variant="secondary"
          onClick={() => {
            form.reset(EMPTY_FILTERS);
            onApply(EMPTY_FILTERS);
          }}
        >
          Clear
        </Button>
      </div>
    </Form>
  );
}
