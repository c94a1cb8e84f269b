"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import type { FormHTMLAttributes, ReactNode } from "react";
import { useForm, type DefaultValues, type FieldValues, type UseFormProps } from "react-hook-form";
import type { z } from "zod";

/**
 * react-hook-form validated by the same zod schema the tRPC procedure uses, so the browser and the
 * server refuse the same values. Usage:
 *   const form = useZodForm(createOperatorInput, { defaultValues: { username: "" } });
 *   <Form aria-label="New operator" onSubmit={form.handleSubmit((v) => create.mutate(v))} error={msg}>
 *     <Field id="u" label="Username" error={form.formState.errors.username?.message}>
 *       <Input {...form.register("username")} />
 *     </Field>
 *   </Form>
 */
export function useZodForm<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
  options: Omit<UseFormProps<z.input<S>, unknown, z.output<S>>, "resolver"> & {
    defaultValues?: DefaultValues<z.input<S>>;
  } = {},
) {
  return useForm<z.input<S>, unknown, z.output<S>>({ ...options, resolver: zodResolver(schema) });
}

/** A form with native validation off (zod's messages are shown instead) and a server error slot. */
export function Form({
  error,
  children,
  ...props
}: FormHTMLAttributes<HTMLFormElement> & { error?: ReactNode }) {
  return (
    <form noValidate {...props}>
      {error ? <FormError>{error}</FormError> : null}
      {children}
    </form>
  );
}

/** An error for the whole form (the server refused); announced as it appears. */
export function FormError({ children }: { children: ReactNode }) {
  return (
    <div
      role="alert"
      className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm [overflow-wrap:anywhere] text-red-800"
    >
      {children}
    </div>
  );
}
