"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import { XSD_TYPES } from "@/server/cwmp/soap/types";
import { bulkActionSchema, type BulkAction, type BulkActionName } from "@/server/bulk/schema";
import { useTRPC } from "@/trpc/react";
import type { BulkSelectionProp } from "./bulk-actions";
import { Field } from "./field";

const ACTION_LABELS: Record<BulkActionName, string> = {
  tag: "Add a tag",
  untag: "Remove a tag",
  refresh: "Refresh all parameters",
  reboot: "Reboot",
  set: "Set a parameter value",
};

interface Fields {
  action: BulkActionName;
  tag: string;
  path: string;
  value: string;
  type: "" | (typeof XSD_TYPES)[number];
  perSecond: string;
}

const INITIAL: Fields = { action: "tag", tag: "", path: "", value: "", type: "", perSecond: "10" };

function toAction(f: Fields): unknown {
  switch (f.action) {
    case "tag":
    case "untag":
      return { action: f.action, tag: f.tag };
    case "set":
      return { action: "set", path: f.path, value: f.value, type: f.type || undefined };
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
  }
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
  const [fields, setFields] = useState<Fields>({ ...INITIAL, action: actions[0] ?? INITIAL.action });
  const [errors, setErrors] = useState<Partial<Record<keyof Fields, string>>>({});
  const [review, setReview] = useState<BulkAction | null>(null);
  const create = useMutation(
    trpc.bulk.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.bulk.list.queryKey() }),
    }),
  );
  const perSecond = Number(fields.perSecond);
  const set = (patch: Partial<Fields>) => setFields((f) => ({ ...f, ...patch }));

  function onReview(e: FormEvent) {
    e.preventDefault();
    const parsed = bulkActionSchema.safeParse(toAction(fields));
    const next: Partial<Record<keyof Fields, string>> = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        next[(issue.path[0] as keyof Fields) ?? "action"] ??= issue.message;
    }
    if (!Number.isInteger(perSecond) || perSecond < 1 || perSecond > 1000) {
      next.perSecond = "Enter a whole number from 1 to 1000";
    }
    setErrors(next);
    if (parsed.success && Object.keys(next).length === 0) setReview(parsed.data);
  }

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
        {create.error ? (
          <p role="alert" className="text-sm text-red-700">
            {create.error.message}
          </p>
        ) : null}
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
    <form className="mt-4 space-y-4" onSubmit={onReview} noValidate>
      <div>
        <Label htmlFor="bulk-action">Action</Label>
        <Select
          id="bulk-action"
          value={fields.action}
          onChange={(e) => set({ action: e.target.value as BulkActionName })}
        >
          {actions.map((value) => (
            <option key={value} value={value}>
              {ACTION_LABELS[value]}
            </option>
          ))}
        </Select>
      </div>
      {fields.action === "tag" || fields.action === "untag" ? (
        <Field id="bulk-tag" label="Tag" error={errors.tag}>
          <Input
            id="bulk-tag"
            value={fields.tag}
            onChange={(e) => set({ tag: e.target.value })}
            aria-invalid={!!errors.tag}
            aria-describedby={errors.tag ? "bulk-tag-error" : undefined}
          />
        </Field>
      ) : null}
      {fields.action === "set" ? (
        <>
          <Field id="bulk-path" label="Parameter path" error={errors.path}>
            <Input
              id="bulk-path"
              value={fields.path}
              placeholder="Device.ManagementServer.PeriodicInformInterval"
              onChange={(e) => set({ path: e.target.value })}
              aria-invalid={!!errors.path}
              aria-describedby={errors.path ? "bulk-path-error" : undefined}
            />
          </Field>
          <Field id="bulk-value" label="Value" error={errors.value}>
            <Input
              id="bulk-value"
              value={fields.value}
              onChange={(e) => set({ value: e.target.value })}
              aria-invalid={!!errors.value}
              aria-describedby={errors.value ? "bulk-value-error" : undefined}
            />
          </Field>
          <Field id="bulk-type" label="Type">
            <Select
              id="bulk-type"
              value={fields.type}
              onChange={(e) => set({ type: e.target.value as Fields["type"] })}
            >
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
      <Field id="bulk-rate" label="Devices per second" error={errors.perSecond}>
        <Input
          id="bulk-rate"
          type="number"
          min={1}
          max={1000}
          value={fields.perSecond}
          onChange={(e) => set({ perSecond: e.target.value })}
          aria-invalid={!!errors.perSecond}
          aria-describedby={errors.perSecond ? "bulk-rate-error" : undefined}
        />
      </Field>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit">Review</Button>
      </div>
    </form>
  );
}
