"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form, FormError } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { createWebhookInput, WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/schemas";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";

type Errors = Partial<Record<"name" | "url" | "events", string>>;

/** New subscription: name, URL, events. On success the parent shows the secret (once). */
export function CreateWebhookForm({
  onCreated,
  onCancel,
}: {
  onCreated: (created: { name: string; secret: string }) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [url, setUrl] = useState("https://");
  const [events, setEvents] = useState<string[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: async (created) => {
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
        onCreated({ name: created.subscription.name, secret: created.secret });
      },
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = createWebhookInput.safeParse({ name, url, events });
    if (!parsed.success) {
      const found: Errors = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] as keyof Errors;
        found[key] ??= issue.message;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  }

  const toggle = (event: string, on: boolean) =>
    setEvents((list) => (on ? [...list, event] : list.filter((e) => e !== event)));

  return (
    <Form aria-label="New webhook" onSubmit={submit} className="space-y-4">
      {create.error ? <FormError>{errorMessage(create.error)}</FormError> : null}
      <Field id="webhook-name" label="Name" error={errors.name}>
        <Input autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} data-autofocus />
      </Field>
      <Field
        id="webhook-url"
        label="URL"
        error={errors.url}
        hint="http or https, no credentials in the URL; the address must pass the connection-request network rules."
      >
        <Input autoComplete="off" value={url} onChange={(e) => setUrl(e.target.value)} />
      </Field>
      <fieldset aria-describedby={errors.events ? "webhook-events-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">Events</legend>
        <div className="mt-2 grid gap-1 sm:grid-cols-2">
          {WEBHOOK_EVENT_TYPES.map((event) => (
            <label key={event} className="flex items-center gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                checked={events.includes(event)}
                onChange={(e) => toggle(event, e.target.checked)}
              />
              <code>{event}</code>
            </label>
          ))}
        </div>
        {errors.events ? (
          <p id="webhook-events-error" className="mt-1 text-sm text-red-700">
            {errors.events}
          </p>
        ) : null}
      </fieldset>
      <div className="flex gap-2">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create webhook"}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}
