"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
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
  const [name, setName] = useState("");
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.savedSearches.list.queryKey() });

  const save = useMutation(
    trpc.savedSearches.save.mutationOptions({
      onSuccess: async (saved) => {
        setName("");
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

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setMessage({ text: "Give the search a name.", error: true });
      return;
    }
    const { page: _page, ...query } = search;
    save.mutate({ name, query });
  }

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
      <form onSubmit={submit} aria-label="Save this search" className="flex items-end gap-2 sm:ml-auto">
        <div className="w-56">
          <Label htmlFor="saved-search-name">Name for this search</Label>
          <Input
            id="saved-search-name"
            value={name}
            maxLength={80}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={save.isPending}>
          Save search
        </Button>
      </form>
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
