"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form, FormError, useZodForm } from "@/components/ui/form";
import { Input, Select } from "@/components/ui/input";
import { XSD_TYPES } from "@/lib/xsd-types";
import { DEPLOYMENT_UNIT_TYPE } from "@/lib/firmware/file-types";
import { bulkActionSchema, type BulkAction, type BulkActionName } from "@/lib/bulk/schema";
import { useTRPC } from "@/trpc/react";
import type { BulkSelectionProp } from "./bulk-actions";

const ACTION_LABELS: Record<BulkActionName, string> = {
  tag: "Add a tag",
  untag: "Remove a tag",
  refresh: "Refresh all parameters",
  reboot: "Reboot",
  set: "Set a parameter value",
  download: "Download a firmware image",
};

const fieldsSchema = z.object({
  // Which actions exist and what each needs is bulkActionSchema's to say (checked below).
  action: z.custom<BulkActionName>((v) => typeof v === "string"),
  tag: z.string(),
  path: z.string(),
  value: z.string(),
  type: z.union([z.literal(""), z.enum(XSD_TYPES)]),
  perSecond: z.string(),
  imageId: z.string(),
});
type Fields = z.infer<typeof fieldsSchema>;

/**
 * The form's check: the fields make a valid bulk action (the server's own schema, its messages placed
 * on the field they concern) and a sane rate.
 */
const formSchema = fieldsSchema.superRefine((f, ctx) => {
  const parsed = bulkActionSchema.safeParse(toAction(f));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = typeof issue.path[0] === "string" ? issue.path[0] : "action";
      ctx.addIssue({ code: "custom", path: [field], message: issue.message });
    }
  }
  const perSecond = Number(f.perSecond);
  if (!Number.isInteger(perSecond) || perSecond < 1 || perSecond > 1000) {
    ctx.addIssue({ code: "custom", path: ["perSecond"], message: "Enter a whole number from 1 to 1000" });
  }
});

const INITIAL: Fields = {
  action: "tag",
  tag: "",
  path: "",
  value: "",
  type: "",
  perSecond: "10",
  imageId: "",
};

function toAction(f: Fields): unknown {
  switch (f.action) {
    case "tag":
    case "untag":
      return { action: f.action, tag: f.tag };
    case "set":
      return { action: "set", path: f.path, value: f.value, type: f.type || undefined };
    case "download":
      return { action: "download", imageId: Number(f.imageId) };
    default:
      return { action: f.action };
  }
}

function summary(action: BulkAction, total: number): string {
  const devices = `${total.toLocaleString()} ${total === 1 ? "device" : "devices"}`;
  switch (action.action) {
    case "tag":
      return `Add tag "${action.tag}" to ${devices}.`;
    case "untag":
      return `Remove tag "${action.tag}" from ${devices}.`;
    case "refresh":
      return `Read every parameter of ${devices} again.`;
    case "reboot":
      return `Reboot ${devices}. Subscribers lose service for a minute or two.`;
    case "set":
      return `Set ${action.path} to "${action.value}" on ${devices}.`;
    case "download":
      return `Send image #${action.imageId} to ${devices}; devices it does not apply to are skipped with the reason.`;
  }
}

/** The published images (firmware.read; the download action needs firmware.rollout, which has it). */
function ImageField({
  form,
  error,
}: {
  form: ReturnType<typeof useZodForm<typeof formSchema>>;
  error?: string;
}) {
  const trpc = useTRPC();
  const images = useQuery(trpc.firmware.list.queryOptions({ state: "published" }));
  return (
    <Field id="bulk-image" label="Image" error={error ?? images.error?.message}>
      <Select {...form.register("imageId")}>
        <option value="">{images.isLoading ? "Loading…" : "Choose a published image"}</option>
        {images.data
          ?.filter((i) => i.fileType !== DEPLOYMENT_UNIT_TYPE)
          .map((i) => (
            <option key={i.id} value={String(i.id)}>
              {i.version} · {i.fileName}
            </option>
          ))}
      </Select>
    </Field>
  );
}

export function BulkActionForm({
  actions,
  selection,
  total,
  onClose,
}: {
  /** The actions the operator's role may take (the server refuses the others). */
  actions: readonly BulkActionName[];
  selection: BulkSelectionProp;
  total: number;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(formSchema, {
    defaultValues: { ...INITIAL, action: actions[0] ?? INITIAL.action },
  });
  const errors = form.formState.errors;
  const action = form.watch("action");
  const [perSecond, setPerSecond] = useState(10);
  const [review, setReview] = useState<BulkAction | null>(null);
  const create = useMutation(
    trpc.bulk.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.bulk.list.queryKey() }),
    }),
  );
  const onReview = form.handleSubmit((fields) => {
    // formSchema has checked both: these parse.
    setPerSecond(Number(fields.perSecond));
    create.reset(); // the last refusal was about the previous review

    setReview(bulkActionSchema.parse(toAction(fields)));
  });

  if (create.data) {
    return (
      <div className="mt-4 space-y-4" role="status">
        <p className="text-sm text-slate-700">
          Bulk job #{create.data.id} started; it runs in the background.
        </p>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Close
          </Button>
          <Link
            href={`/bulk/${create.data.id}`}
            className="rounded-md bg-sky-700 px-3 py-2 text-sm font-medium text-white hover:bg-sky-800"
          >
            View job #{create.data.id}
          </Link>
        </div>
      </div>
    );
  }

  if (review) {
    return (
      <div className="mt-4 space-y-4">
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{summary(review, total)}</p>
        {create.error ? <FormError>{create.error.message}</FormError> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setReview(null)} disabled={create.isPending}>
            Back
          </Button>
          <Button
            className={review.action === "reboot" ? "bg-red-700 hover:bg-red-800" : undefined}
            disabled={create.isPending}
            onClick={() => create.mutate({ action: review, selection, throttle: { perSecond } })}
          >
            {review.action === "reboot" ? `Reboot ${total.toLocaleString()} devices` : "Start job"}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <Form className="mt-4 space-y-4" onSubmit={onReview}>
      <Field id="bulk-action" label="Action">
        <Select {...form.register("action")}>
          {actions.map((value) => (
            <option key={value} value={value}>
              {ACTION_LABELS[value]}
            </option>
          ))}
        </Select>
      </Field>
      {action === "tag" || action === "untag" ? (
        <Field id="bulk-tag" label="Tag" error={errors.tag?.message}>
          <Input {...form.register("tag")} />
        </Field>
      ) : null}
      {action === "set" ? (
        <>
          <Field id="bulk-path" label="Parameter path" error={errors.path?.message}>
            <Input placeholder="Device.ManagementServer.PeriodicInformInterval" {...form.register("path")} />
          </Field>
          <Field id="bulk-value" label="Value" error={errors.value?.message}>
            <Input {...form.register("value")} />
          </Field>
          <Field id="bulk-type" label="Type">
            <Select {...form.register("type")}>
              <option value="">As the data model defines it</option>
              {XSD_TYPES.map((t) => (
                <option key={t} value={t}>
                  xsd:{t}
                </option>
              ))}
            </Select>
          </Field>
        </>
      ) : null}
      {action === "download" ? <ImageField form={form} error={errors.imageId?.message} /> : null}
      <Field id="bulk-rate" label="Devices per second" error={errors.perSecond?.message}>
        <Input type="number" min={1} max={1000} {...form.register("perSecond")} />
      </Field>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit">Review</Button>
      </div>
    </Form>
  );
}
