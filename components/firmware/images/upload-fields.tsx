"use client";

import type { UseFormReturn } from "react-hook-form";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { DEPLOYMENT_UNIT_TYPE, STANDARD_FILE_TYPES } from "@/lib/firmware/file-types";
import type { ImageMeta, ImageMetaInput } from "@/lib/firmware/image-schema";

type MetaForm = UseFormReturn<ImageMetaInput, unknown, ImageMeta>;

const TEXTAREA =
  "block w-full rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-900 focus:border-sky-600 focus:ring-2 focus:ring-sky-600/30 focus:outline-none";

/** The metadata half of the upload form: what the image is and which devices it applies to. */
export function UploadFields({ form, disabled }: { form: MetaForm; disabled: boolean }) {
  const errors = form.formState.errors;
  const fileType = form.watch("fileType");
  const msg = (e: unknown) => (e as { message?: string } | undefined)?.message;
  return (
    <fieldset disabled={disabled} className="grid gap-3 sm:grid-cols-2">
      <Field
        id="image-fileName"
        label="File name"
        error={msg(errors.fileName)}
        hint="What devices see in the URL"
      >
        <Input {...form.register("fileName")} />
      </Field>
      <Field
        id="image-version"
        label="Version"
        error={msg(errors.version)}
        hint="The SoftwareVersion it boots into"
      >
        <Input {...form.register("version")} />
      </Field>
      <Field id="image-fileType" label="File type" error={msg(errors.fileType)}>
        <Select {...form.register("fileType")}>
          {[...STANDARD_FILE_TYPES, DEPLOYMENT_UNIT_TYPE].map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="image-originator" label="Originator" error={msg(errors.originator)}>
        <Input {...form.register("originator")} />
      </Field>
      <Field
        id="image-productClasses"
        label="Product classes"
        error={msg(errors.productClasses)}
        hint="Comma separated; empty = any"
      >
        <Input {...form.register("productClasses")} />
      </Field>
      <Field id="image-ouis" label="OUIs" error={msg(errors.ouis)} hint="Comma separated; empty = any">
        <Input {...form.register("ouis")} />
      </Field>
      <Field
        id="image-hardwareVersions"
        label="Hardware versions"
        error={msg(errors.hardwareVersions)}
        hint="Empty = any"
      >
        <Input {...form.register("hardwareVersions")} />
      </Field>
      <Field
        id="image-fromVersions"
        label="Upgrade from versions"
        error={msg(errors.fromVersions)}
        hint="Empty = any"
      >
        <Input {...form.register("fromVersions")} />
      </Field>
      <Field
        id="image-releaseDate"
        label="Release date"
        error={msg(errors.releaseDate)}
        hint="Not offered before it; empty = at once"
      >
        <Input type="datetime-local" {...form.register("releaseDate")} />
      </Field>
      {fileType === DEPLOYMENT_UNIT_TYPE ? (
        <Field
          id="image-duUuid"
          label="Deployment unit UUID"
          error={msg(errors.duUuid)}
          hint="Empty = a new one"
        >
          <Input {...form.register("duUuid")} />
        </Field>
      ) : null}
      <Field
        id="image-releaseNotes"
        label="Release notes"
        error={msg(errors.releaseNotes)}
        className="sm:col-span-2"
      >
        <textarea rows={3} className={TEXTAREA} {...form.register("releaseNotes")} />
      </Field>
    </fieldset>
  );
}
