"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form, useZodForm } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { deviceNotes, deviceTag } from "@/lib/devices/action-schemas";
import { useTRPC } from "@/trpc/react";
import type { DeviceDetail } from "./use-device";

const notesForm = z.object({ notes: deviceNotes });

/** Tags and free-text notes; each change is audited. */
export function TagsNotes({ device, canWrite }: { device: DeviceDetail; canWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refetch = () => void queryClient.invalidateQueries(trpc.device.pathFilter());
  const tags = useMutation(trpc.device.setTags.mutationOptions({ onSuccess: refetch }));
  const notes = useMutation(trpc.device.setNotes.mutationOptions({ onSuccess: refetch }));
  // A tag the device already has would be stored twice: refused here rather than silently merged.
  const tagForm = useMemo(
    () => z.object({ tag: deviceTag.refine((t) => !device.tags.includes(t), "The device has this tag") }),
    [device.tags],
  );
  const addTag = useZodForm(tagForm, { defaultValues: { tag: "" } });
  const editNotes = useZodForm(notesForm, { defaultValues: { notes: device.notes } });

  return (
    <section aria-label="Tags and notes" className="space-y-3">
      <ul aria-label="Tags" className="flex flex-wrap gap-1.5">
        {device.tags.length === 0 ? <li className="text-sm text-slate-600">No tags</li> : null}
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
                className="text-slate-600 hover:text-red-700"
                onClick={() => tags.mutate({ id: device.id, tags: device.tags.filter((x) => x !== t) })}
              >
                ×
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canWrite ? (
        <Form
          aria-label="Add a tag"
          onSubmit={addTag.handleSubmit((v) =>
            tags.mutate(
              { id: device.id, tags: [...device.tags, v.tag] },
              { onSuccess: () => addTag.reset() },
            ),
          )}
          error={tags.error?.message}
          className="flex items-start gap-2"
        >
          <Field id="new-tag" label="New tag" error={addTag.formState.errors.tag?.message} className="flex-1">
            <Input {...addTag.register("tag")} maxLength={64} placeholder="Add a tag" className="h-9" />
          </Field>
          <Button type="submit" variant="secondary" disabled={tags.isPending} className="mt-6">
            Add
          </Button>
        </Form>
      ) : null}
      <Form
        aria-label="Notes"
        onSubmit={editNotes.handleSubmit((v) => notes.mutate({ id: device.id, notes: v.notes }))}
        error={notes.error?.message}
      >
        <Field id="device-notes" label="Notes" error={editNotes.formState.errors.notes?.message}>
          <textarea
            {...editNotes.register("notes")}
            readOnly={!canWrite}
            maxLength={4000}
            rows={3}
            className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm read-only:bg-slate-50"
          />
        </Field>
        {canWrite ? (
          <Button
            type="submit"
            variant="secondary"
            className="mt-2"
            disabled={notes.isPending || !editNotes.formState.isDirty}
          >
            Save notes
          </Button>
        ) : null}
      </Form>
    </section>
  );
}
