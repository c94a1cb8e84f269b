"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form, useZodForm } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { loginInput, type LoginInput } from "@/lib/auth/login-schema";

// Codes thrown by authorize() in server/auth/options.ts.
const ERROR_MESSAGES: Record<string, string> = {
  invalid_credentials: "Wrong username or password.",
  locked: "Too many failed sign-in attempts. This account is locked for 5 minutes.",
  disabled: "This account is disabled. Ask an administrator to enable it.",
};

/** Signs in through next-auth, then opens `next` (already checked by the page to be a local path). */
export function LoginForm({ next }: { next: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const form = useZodForm(loginInput, { defaultValues: { username: "", password: "" } });
  const { errors, isSubmitting } = form.formState;

  async function onSubmit(values: LoginInput) {
    setError(null);
    const result = await signIn("credentials", { ...values, redirect: false });
    if (!result || result.error || !result.ok) {
      setError(ERROR_MESSAGES[result?.error ?? ""] ?? "Sign-in failed. Please try again.");
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <Form onSubmit={form.handleSubmit(onSubmit)} className="space-y-4" aria-label="Sign in" error={error}>
      <Field id="username" label="Username" error={errors.username?.message}>
        <Input autoComplete="username" autoFocus {...form.register("username")} />
      </Field>
      <Field id="password" label="Password" error={errors.password?.message}>
        <Input type="password" autoComplete="current-password" {...form.register("password")} />
      </Field>
      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {isSubmitting ? "Signing in…" : "Sign in"}
      </Button>
    </Form>
  );
}
