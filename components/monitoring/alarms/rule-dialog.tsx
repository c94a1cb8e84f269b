"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import {
  ALARM_SCOPE_LABELS,
  ALARM_SCOPES,
  ALARM_SEVERITIES,
  alarmRuleInputSchema,
} from "@/lib/monitoring/alarm-schema";
import { LINE_KPIS, STREAM_KPIS } from "@/lib/monitoring/kpis";
import { useTRPC } from "@/trpc/react";
import { EMPTY_RULE, ruleOf, type RuleFormValues } from "./rule-form";

type Errors = Partial<Record<keyof RuleFormValues, string>>;

/** Create (id null) or edit an alarm rule; checked with the server's schema before sending. */
export function RuleDialog({
  open,
  id,
  initial,
  onClose,
}: {
  open: boolean;
  id: number | null;
  initial: RuleFormValues | null;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={id === null ? "New alarm rule" : "Edit alarm rule"}
      size="lg"
    >
      <RuleForm id={id} initial={initial ?? EMPTY_RULE} onDone={onClose} />
    </Dialog>
  );
}

function RuleForm({
  id,
  initial,
  onDone,
}: {
  id: number | null;
  initial: RuleFormValues;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<Errors>({});
  const done = {
    onSuccess: async () => {
      await queryClient.invalidateQueries(trpc.alarms.pathFilter());
      onDone();
    },
  };
  const create = useMutation(trpc.alarms.createRule.mutationOptions(done));
  const update = useMutation(trpc.alarms.updateRule.mutationOptions(done));
  const error = create.error?.message ?? update.error?.message;
  const set = (key: keyof RuleFormValues) => (e: { target: { value: string } }) =>
    setV((old) => ({ ...old, [key]: e.target.value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const rule = ruleOf(v);
    const parsed = alarmRuleInputSchema.safeParse(rule);
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] as keyof RuleFormValues;
        next[key] ??= issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    if (id === null) create.mutate(rule);
    else update.mutate({ id, patch: rule });
  }

  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      <Field id="rule-name" label="Name" error={errors.name}>
        <Input value={v.name} onChange={set("name")} data-autofocus />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="rule-metric" label="Metric" error={errors.metric}>
          <Select value={v.metric} onChange={set("metric")}>
            {[...STREAM_KPIS, ...LINE_KPIS].map((k) => (
              <option key={k.key} value={k.key}>
                {k.label} ({k.unit})
              </option>
            ))}
          </Select>
        </Field>
        <Field id="rule-severity" label="Severity" error={errors.severity}>
          <Select value={v.severity} onChange={set("severity")}>
            {ALARM_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="rule-scope" label="Scope" error={errors.scope}>
          <Select value={v.scope} onChange={set("scope")}>
            {ALARM_SCOPES.map((s) => (
              <option key={s} value={s}>
                {ALARM_SCOPE_LABELS[s]}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          id="rule-scope-key"
          label="Only this value"
          hint="A channel id, node id, model… (empty: every one)"
          error={errors.scopeKey}
        >
          <Input value={v.scopeKey} onChange={set("scopeKey")} />
        </Field>
        <Field id="rule-operator" label="Raise when the value is" error={errors.operator}>
          <Select value={v.operator} onChange={set("operator")}>
            <option value="gt">above the threshold</option>
            <option value="lt">below the threshold</option>
          </Select>
        </Field>
        <Field id="rule-threshold" label="Threshold" error={errors.threshold}>
          <Input inputMode="decimal" value={v.threshold} onChange={set("threshold")} />
        </Field>
        <Field
          id="rule-clear"
          label="Clear threshold"
          hint="Empty: the threshold"
          error={errors.clearThreshold}
        >
          <Input inputMode="decimal" value={v.clearThreshold} onChange={set("clearThreshold")} />
        </Field>
        <Field id="rule-min-seconds" label="Minimum viewing (s)" error={errors.minSeconds}>
          <Input inputMode="numeric" value={v.minSeconds} onChange={set("minSeconds")} />
        </Field>
        <Field id="rule-raise" label="Holds for (min) before raising" error={errors.raiseMinutes}>
          <Input inputMode="numeric" value={v.raiseMinutes} onChange={set("raiseMinutes")} />
        </Field>
        <Field id="rule-clear-minutes" label="Holds for (min) before clearing" error={errors.clearMinutes}>
          <Input inputMode="numeric" value={v.clearMinutes} onChange={set("clearMinutes")} />
        </Field>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.isPending || update.isPending}>
          {id === null ? "Create rule" : "Save rule"}
        </Button>
      </div>
    </form>
  );
}
