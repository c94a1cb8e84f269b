"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Form, useZodForm } from "@/components/ui/form";
import { Input, Select } from "@/components/ui/input";
import { DEPLOYMENT_UNIT_TYPE, STANDARD_FILE_TYPES } from "@/lib/firmware/file-types";
import { imageUpdateSchema } from "@/lib/firmware/image-schema";
import { useTRPC } from "@/trpc/react";
import type { ImageRow } from "./use-images";

/** A Date as a datetime-local value in the browser's zone ("" for none). */
function localInput(value: Date | null): string {
  if (!value) return "";
  const shifted = new Date(value.getTime() - value.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** Edit: release notes and date any time; file type and version only while a draft. */
export function EditImageButton({ image }: { image: ImageRow }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Edit
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Edit ${image.fileName}`} size="lg">
        <EditForm image={image} onClose={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function EditForm({ image, onClose }: { image: ImageRow; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const draft = image.state === "draft";
  const form = useZodForm(imageUpdateSchema, {
    defaultValues: {
      fileType: image.fileType,
      version: image.version,
      releaseNotes: image.releaseNotes,
      releaseDate: localInput(image.releaseDate),
    },
  });
  const update = useMutation(
    trpc.firmware.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.firmware.pathFilter());
        onClose();
      },
    }),
  );
  const errors = form.formState.errors;
  const types: string[] = [...STANDARD_FILE_TYPES, DEPLOYMENT_UNIT_TYPE];
  if (!types.includes(image.fileType)) types.push(image.fileType);
  return (
    <Form
      aria-label="Edit image"
      className="space-y-3"
      error={update.error?.message}
      onSubmit={(e) =>
        void form.handleSubmit(() => {
          const raw = form.getValues();
          const date =
            typeof raw.releaseDate === "string" && raw.releaseDate ? new Date(raw.releaseDate) : null;
          update.mutate({
            id: image.id,
            change: {
              releaseNotes: raw.releaseNotes,
              releaseDate: date ? date.toISOString() : "",
              ...(draft ? { fileType: raw.fileType, version: raw.version } : {}),
            },
          });
        })(e)
      }
    >
      <fieldset disabled={!draft} className="grid gap-3 sm:grid-cols-2">
        <Field
          id="edit-version"
          label="Version"
          error={errors.version?.message}
          hint={draft ? undefined : "Fixed once published"}
        >
          <Input {...form.register("version")} />
        </Field>
        <Field id="edit-fileType" label="File type" error={errors.fileType?.message}>
          <Select {...form.register("fileType")}>
            {types.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
      </fieldset>
      <Field
        id="edit-releaseDate"
        label="Release date"
        error={errors.releaseDate?.message}
        hint="Not offered before it; empty = at once"
      >
        <Input type="datetime-local" {...form.register("releaseDate")} />
      </Field>
      <Field id="edit-releaseNotes" label="Release notes" error={errors.releaseNotes?.message}>
        <textarea
          rows={6}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
          {...form.register("releaseNotes")}
        />
      </Field>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={update.isPending}>
          Save
        </Button>
      </div>
    </Form>
  );
}
