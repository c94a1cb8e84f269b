"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form, useZodForm } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { passwordSchema } from "@/lib/operators/schemas";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";

// "Set a password" checks the same rules as the server; "generate" needs no password.
const resetForm = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("generate"), password: z.string() }),
  z.object({ mode: z.literal("set"), password: passwordSchema }),
]);

/** Generate or set a new password (inside the reset dialog); the result is shown once and never again. */
export function ResetPasswordForm({
  operator,
  onClose,
}: {
  operator: { id: number; username: string };
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const reset = useMutation(
    trpc.operators.resetPassword.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.operators.list.queryKey() }),
    }),
  );
  const form = useZodForm(resetForm, { defaultValues: { mode: "generate", password: "" } });
  const mode = form.watch("mode");
  const passwordId = `reset-${operator.id}-password`;

  if (reset.data) {
    return (
      <div className="space-y-2">
        <p className="text-sm text-slate-700">
          {reset.data.generated
            ? "New password (shown only now; hand it over securely):"
            : "The password was set."}
        </p>
        {reset.data.generated ? (
          <output
            aria-label="New password"
            className="block rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm select-all"
          >
            {reset.data.password}
          </output>
        ) : null}
        <Button variant="secondary" onClick={onClose} autoFocus>
          Done
        </Button>
      </div>
    );
  }

  return (
    <Form
      aria-label={`Reset password of ${operator.username}`}
      className="space-y-3"
      error={reset.error ? errorMessage(reset.error) : undefined}
      onSubmit={form.handleSubmit((v) =>
        reset.mutate(v.mode === "set" ? { id: operator.id, password: v.password } : { id: operator.id }),
      )}
    >
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="sr-only">How to reset</legend>
        <label className="flex items-center gap-2">
          <input type="radio" value="generate" {...form.register("mode")} />
          Generate a password
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" value="set" {...form.register("mode")} />
          Set a password
        </label>
      </fieldset>
      {mode === "set" ? (
        <Field id={passwordId} label="New password" error={form.formState.errors.password?.message}>
          <Input type="password" autoComplete="new-password" {...form.register("password")} />
        </Field>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={reset.isPending}>
          {reset.isPending ? "Resetting…" : "Reset password"}
        </Button>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}
