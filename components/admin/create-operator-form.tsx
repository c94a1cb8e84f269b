"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import {
  createOperatorInput,
  MIN_PASSWORD_LENGTH,
  ROLE_LABELS,
  ROLES,
  type CreateOperatorInput,
} from "@/server/operators/schemas";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";
import { fieldAria, FormField } from "./form-field";
import { ErrorNotice } from "./notices";

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
  } = useForm<CreateOperatorInput>({
    resolver: zodResolver(createOperatorInput),
    defaultValues: { username: "", name: "", role: "helpdesk", password: "" },
  });

  return (
    <form
      aria-label="New operator"
      noValidate
      onSubmit={handleSubmit((values) => create.mutate(values))}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
    >
      <h2 className="text-base font-semibold text-slate-900">New operator</h2>
      {create.error ? <ErrorNotice>{errorMessage(create.error)}</ErrorNotice> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="new-username" label="Username" error={errors.username?.message}>
          <Input
            autoComplete="off"
            {...fieldAria("new-username", errors.username?.message)}
            {...register("username")}
          />
        </FormField>
        <FormField id="new-name" label="Full name" error={errors.name?.message}>
          <Input autoComplete="off" {...fieldAria("new-name", errors.name?.message)} {...register("name")} />
        </FormField>
        <FormField id="new-role" label="Role" error={errors.role?.message}>
          <Select {...fieldAria("new-role", errors.role?.message)} {...register("role")}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField
          id="new-password"
          label="Initial password"
          error={errors.password?.message}
          hint={PASSWORD_HINT}
        >
          <Input
            type="password"
            autoComplete="new-password"
            {...fieldAria("new-password", errors.password?.message, PASSWORD_HINT)}
            {...register("password")}
          />
        </FormField>
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create operator"}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
