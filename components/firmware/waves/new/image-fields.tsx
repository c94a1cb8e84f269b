"use client";

import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import type { ImageOption, WaveForm } from "./form-types";

function optionText(i: ImageOption): string {
  const models = i.productClasses.length > 0 ? i.productClasses.join(", ") : "any model";
  const kind = i.method === "install" ? "app" : "firmware";
  return `${i.version} (${kind}, ${models}) — ${i.fileName}`;
}

/** The image to roll out and, optionally, the one to send back on rollback. */
export function ImageFields({
  form,
  images,
  loading,
  error,
}: {
  form: WaveForm;
  images: ImageOption[];
  loading: boolean;
  error: string | undefined;
}) {
  const errors = form.formState.errors;
  const hint = error
    ? `Could not load images: ${error}`
    : loading
      ? "Loading published images…"
      : images.length === 0
        ? "No published, released image yet: upload and publish one on the Firmware page."
        : "Published and released images only.";
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <Field id="wave-image" label="Image" hint={hint} error={errors.imageId?.message}>
        <Select {...form.register("imageId")}>
          <option value="">Choose an image…</option>
          {images.map((i) => (
            <option key={i.id} value={String(i.id)}>
              {optionText(i)}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        id="wave-rollback-image"
        label="Rollback image (optional)"
        hint="Empty: each device gets back the version it had, when the store holds it."
        error={errors.rollbackImageId?.message}
      >
        <Select {...form.register("rollbackImageId")}>
          <option value="">Each device&apos;s previous version</option>
          {images.map((i) => (
            <option key={i.id} value={String(i.id)}>
              {optionText(i)}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}
