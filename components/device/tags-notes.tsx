"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/trpc/react";
import type { DeviceDetail } from "./use-device";

/** Tags and free-text notes; each change is audited. */
export function TagsNotes({ device, canWrite }: { device: DeviceDetail; canWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refetch = () => void queryClient.invalidateQueries(trpc.device.pathFilter());
  const tags = useMutation(trpc.device.setTags.mutationOptions({ onSuccess: refetch }));
  const notes = useMutation(trpc.device.setNotes.mutationOptions({ onSuccess: refetch }));
  const [tag, setTag] = useState("");
  const [text, setText] = useState(device.notes);
  const error = tags.error ?? notes.error;

  function addTag(event: FormEvent) {
    event.preventDefault();
    if (!tag.trim()) return;
    tags.mutate({ id: device.id, tags: [...device.tags, tag.trim()] });
    setTag("");
  }

  return (
    <section
      aria-labelledby="tags-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
    >
      <h2 id="tags-heading" className="mb-2 text-base font-semibold text-slate-900">
        Tags and notes
      </h2>
      <ul aria-label="Tags" className="flex flex-wrap gap-1.5">
        {device.tags.length === 0 ? <li className="text-sm text-slate-500">No tags</li> : null}
        {device.tags.map((t) => (
          <li
            key={t}
            className="inline-flex items-center gap-1 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-800"
          >
            {t}
            {canWrite ? (
              <button
                type="button"
                aria-label={`Remove tag ${t}`}
                className="text-slate-500 hover:text-red-700"
                onClick={() => tags.mutate({ id: device.id, tags: device.tags.filter((x) => x !== t) })}
              >
                ×
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canWrite ? (
        <form onSubmit={addTag} className="mt-2 flex gap-2">
          <label htmlFor="new-tag" className="sr-only">
            New tag
          </label>
          <Input
            id="new-tag"
            value={tag}
            maxLength={64}
            onChange={(e) => setTag(e.target.value)}
            placeholder="Add a tag"
            className="h-9"
          />
          <Button type="submit" variant="secondary" disabled={tags.isPending}>
            Add
          </Button>
        </form>
      ) : null}
      <div className="mt-3">
        <label htmlFor="device-notes" className="mb-1 block text-sm font-medium text-slate-700">
          Notes
        </label>
        <textarea
          id="device-notes"
          value={text}
          readOnly={!canWrite}
          maxLength={4000}
          onChange={(e) => setText(e.target.value)}
          rows={3}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm read-only:bg-slate-50"
        />
        {canWrite ? (
          <Button
            variant="secondary"
            className="mt-2"
            disabled={notes.isPending || text === device.notes}
            onClick={() => notes.mutate({ id: device.id, notes: text })}
          >
            Save notes
          </Button>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error.message}
        </p>
      ) : null}
    </section>
  );
}
