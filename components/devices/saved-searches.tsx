"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form, useZodForm } from "@/components/ui/form";
import { Input, Label, Select } from "@/components/ui/input";
import { saveSearchForm } from "@/lib/devices/saved-search-schema";
import type { DeviceSearch } from "@/lib/devices/search-query";
import { useTRPC } from "@/trpc/react";
import type { SearchPatch } from "./use-device-search";

/** The operator's saved searches: save the current search under a name, apply one, delete one. */
export function SavedSearches({
  search,
  onApply,
}: {
  search: DeviceSearch;
  onApply: (s: SearchPatch) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.savedSearches.list.queryOptions());
  const [chosen, setChosen] = useState("");
  const form = useZodForm(saveSearchForm, { defaultValues: { name: "" } });
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.savedSearches.list.queryKey() });

  const save = useMutation(
    trpc.savedSearches.save.mutationOptions({
      onSuccess: async (saved) => {
        form.reset({ name: "" });
        setChosen(String(saved.id));
        setMessage({ text: `Saved "${saved.name}".`, error: false });
        await refresh();
      },
      onError: (error) => setMessage({ text: `Could not save: ${error.message}`, error: true }),
    }),
  );
  const remove = useMutation(
    trpc.savedSearches.delete.mutationOptions({
      onSuccess: async () => {
        setChosen("");
        setMessage({ text: "Saved search deleted.", error: false });
        await refresh();
      },
      onError: (error) => setMessage({ text: `Could not delete: ${error.message}`, error: true }),
    }),
  );

  const selected = list.data?.find((s) => String(s.id) === chosen);

  const submit = form.handleSubmit(({ name }) => {
    setMessage(null);
    const { page: _page, ...query } = search;
    save.mutate({ name, query });
  });

  return (
    <section aria-label="Saved searches" className="flex flex-wrap items-end gap-3">
      <div className="min-w-52">
        <Label htmlFor="saved-search">Saved search</Label>
        <Select id="saved-search" value={chosen} onChange={(e) => setChosen(e.target.value)}>
          <option value="">{list.data?.length ? "Choose a saved search" : "None saved yet"}</option>
          {list.data?.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      </div>
      <Button variant="secondary" disabled={!selected} onClick={() => selected && onApply(selected.query)}>
        Apply saved search
      </Button>
      <Button
        variant="ghost"
        disabled={!selected || remove.isPending}
        onClick={() => selected && remove.mutate({ id: selected.id })}
      >
        Delete saved search
      </Button>
      <Form onSubmit={submit} aria-label="Save this search" className="flex items-start gap-2 sm:ml-auto">
        <Field
          id="saved-search-name"
          label="Name for this search"
          error={form.formState.errors.name?.message}
          className="w-56"
        >
          <Input maxLength={80} {...form.register("name")} />
        </Field>
        {/* Lined up with the input, below the label, whether or not an error shows under it. */}
        <Button type="submit" variant="secondary" className="mt-6 h-10" disabled={save.isPending}>
          Save search
        </Button>
      </Form>
      {message ? (
        <p
          role={message.error ? "alert" : "status"}
          className={message.error ? "w-full text-sm text-red-700" : "w-full text-sm text-emerald-700"}
        >
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
