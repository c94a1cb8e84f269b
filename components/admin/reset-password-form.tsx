"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { passwordSchema } from "@/server/operators/schemas";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";
import { fieldAria, FormField } from "./form-field";
import { ErrorNotice } from "./notices";

/** Generate or set a new password; the result is shown once and never again. */
export function ResetPasswordPanel({
  operator,
  onClose,
}: {
  operator: { id: number; username: string };
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<"generate" | "set">("generate");
  const [password, setPassword] = useState("");
  const [invalid, setInvalid] = useState<string>();
  const reset = useMutation(
    trpc.operators.resetPassword.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.operators.list.queryKey() }),
    }),
  );

  function submit() {
    if (mode === "set") {
      const checked = passwordSchema.safeParse(password);
      if (!checked.success) return setInvalid(checked.error.issues[0]?.message);
      setInvalid(undefined);
      reset.mutate({ id: operator.id, password });
    } else reset.mutate({ id: operator.id });
  }

  const titleId = `reset-${operator.id}-title`;
  return (
    <div
      role="dialog"
      aria-labelledby={titleId}
      className="space-y-3 rounded-lg border border-sky-200 bg-sky-50/50 p-4"
    >
      <h2 id={titleId} className="text-base font-semibold text-slate-900">
        Reset password of {operator.username}
      </h2>
      {reset.data ? (
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
          <Button variant="secondary" onClick={onClose}>
            Done
          </Button>
        </div>
      ) : (
        <>
          {reset.error ? <ErrorNotice>{errorMessage(reset.error)}</ErrorNotice> : null}
          <fieldset className="flex gap-4 text-sm">
            <legend className="sr-only">How to reset</legend>
            <label className="flex items-center gap-2">
              <input type="radio" checked={mode === "generate"} onChange={() => setMode("generate")} />
              Generate a password
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" checked={mode === "set"} onChange={() => setMode("set")} />
              Set a password
            </label>
          </fieldset>
          {mode === "set" ? (
            <FormField id={`reset-${operator.id}-password`} label="New password" error={invalid}>
              <Input
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                {...fieldAria(`reset-${operator.id}-password`, invalid)}
              />
            </FormField>
          ) : null}
          <div className="flex gap-2">
            <Button onClick={submit} disabled={reset.isPending}>
              {reset.isPending ? "Resetting…" : "Reset password"}
            </Button>
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
