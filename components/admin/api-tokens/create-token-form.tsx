"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form, useZodForm } from "@/components/ui/form";
import { Input, Select } from "@/components/ui/input";
import { createApiTokenInput, MAX_EXPIRY_DAYS, MAX_RATE_LIMIT } from "@/lib/api-tokens/schemas";
import { permissionsOf } from "@/lib/permissions";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";
import { PERMISSION_LABELS } from "../permission-labels";
import { TokenCreated } from "./token-created";
import { RoleOptions } from "../role-options";

/** An empty expiry means "never"; anything else goes to zod as a number (NaN is refused there). */
const daysOrNever = (v: unknown) => (v === "" || v === null || v === undefined ? null : Number(v));

/** The "Create token" dialog's content: the form, then the token once. */
export function CreateTokenForm({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.apiTokens.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.apiTokens.list.queryKey() }),
    }),
  );
  const {
    register,
    handleSubmit,
    watch,
    formState: { errors },
  } = useZodForm(createApiTokenInput, {
    defaultValues: { name: "", role: "viewer", expiresInDays: 90, rateLimit: 600 },
  });
  const role = watch("role");

  if (create.data) return <TokenCreated token={create.data.token} onDone={onClose} />;

  return (
    <Form
      aria-label="New API token"
      className="space-y-4"
      error={create.error ? errorMessage(create.error) : undefined}
      onSubmit={handleSubmit((values) => create.mutate(values))}
    >
      <Field id="token-name" label="Name" error={errors.name?.message} hint="Who uses it, e.g. Billing OSS">
        <Input autoComplete="off" data-autofocus {...register("name")} />
      </Field>
      <Field id="token-role" label="Role" error={errors.role?.message}>
        <Select {...register("role")}>
          <RoleOptions />
        </Select>
      </Field>
      <div>
        <p className="text-sm font-medium text-slate-700" id="token-scopes">
          Scopes of this role
        </p>
        <ul
          aria-labelledby="token-scopes"
          className="mt-1 max-h-40 list-disc overflow-y-auto pl-5 text-xs text-slate-700"
        >
          {permissionsOf(role).map((p) => (
            <li key={p}>
              <span className="font-mono">{p}</span>: {PERMISSION_LABELS[p]}
            </li>
          ))}
        </ul>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="token-expiry"
          label="Expires after (days)"
          error={errors.expiresInDays?.message}
          hint={`1 to ${MAX_EXPIRY_DAYS}; empty: never expires`}
        >
          <Input
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_EXPIRY_DAYS}
            {...register("expiresInDays", { setValueAs: daysOrNever })}
          />
        </Field>
        <Field
          id="token-rate"
          label="Rate limit (requests per minute)"
          error={errors.rateLimit?.message}
          hint={`1 to ${MAX_RATE_LIMIT.toLocaleString("en")}`}
        >
          <Input
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_RATE_LIMIT}
            {...register("rateLimit", { valueAsNumber: true })}
          />
        </Field>
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create token"}
        </Button>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}
