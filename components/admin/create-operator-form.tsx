"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form, FormError, useZodForm } from "@/components/ui/form";
import { Input, Select } from "@/components/ui/input";
import { createOperatorInput, MIN_PASSWORD_LENGTH } from "@/lib/operators/schemas";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";
import { RoleOptions } from "./role-options";

const PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters, letters mixed with digits or symbols.`;

export function CreateOperatorForm({
  onCreated,
  onCancel,
}: {
  onCreated: (username: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.operators.create.mutationOptions({
      onSuccess: async (created) => {
        await queryClient.invalidateQueries({ queryKey: trpc.operators.list.queryKey() });
        onCreated(created.username);
      },
    }),
  );
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useZodForm(createOperatorInput, {
    defaultValues: { username: "", name: "", role: "helpdesk", password: "" },
  });

  return (
    <Form
      aria-label="New operator"
      onSubmit={handleSubmit((values) => create.mutate(values))}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
    >
      <h2 className="text-base font-semibold text-slate-900">New operator</h2>
      {create.error ? <FormError>{errorMessage(create.error)}</FormError> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="new-username" label="Username" error={errors.username?.message}>
          <Input autoComplete="off" {...register("username")} />
        </Field>
        <Field id="new-name" label="Full name" error={errors.name?.message}>
          <Input autoComplete="off" {...register("name")} />
        </Field>
        <Field id="new-role" label="Role" error={errors.role?.message}>
          <Select {...register("role")}>
            <RoleOptions />
          </Select>
        </Field>
        <Field
          id="new-password"
          label="Initial password"
          error={errors.password?.message}
          hint={PASSWORD_HINT}
        >
          <Input type="password" autoComplete="new-password" {...register("password")} />
        </Field>
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create operator"}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}
