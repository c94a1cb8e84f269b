"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Form, useZodForm } from "@/components/ui/form";
import { Input, Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { useTRPC } from "@/trpc/react";
import { TaskStateBadge } from "./task-status";
import { useRefreshDevice } from "./use-device";

const WINDOW_MODES = ["1 At Any Time", "2 Immediately", "3 When Idle", "4 Confirmation Needed"] as const;

// The dialog's fields; the server checks the same bounds (server/api/routers/delivery.ts).
const sendForm = z
  .object({
    imageId: z.coerce.number().int().min(1, "Choose an image"),
    targetFileName: z
      .string()
      .max(256)
      .regex(/^[^/\\]*$/, "A file name, without slashes"),
    commandKey: z.string().max(32, "At most 32 characters"),
    delaySeconds: z.coerce.number().int().min(0).max(2_592_000),
    scheduled: z.boolean(),
    windowStartMinutes: z.coerce.number().int().min(0).max(43_200),
    windowMinutes: z.coerce.number().int().min(1, "At least a minute").max(43_200),
    windowMode: z.enum(WINDOW_MODES),
    force: z.boolean(),
  })
  .strict();

function mib(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

function SendImageDialog({ deviceId, onClose }: { deviceId: number; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = useRefreshDevice();
  const images = useQuery(trpc.delivery.sendableImages.queryOptions({ deviceId }));
  const form = useZodForm(sendForm, {
    defaultValues: {
      imageId: 0,
      targetFileName: "",
      commandKey: "",
      delaySeconds: 0,
      scheduled: false,
      windowStartMinutes: 0,
      windowMinutes: 60,
      windowMode: "1 At Any Time",
      force: false,
    },
  });
  const errors = form.formState.errors;
  const send = useMutation(
    trpc.delivery.sendImage.mutationOptions({
      onSuccess: () => {
        refresh();
        void queryClient.invalidateQueries(trpc.delivery.pathFilter());
        onClose();
      },
    }),
  );
  const chosen = images.data?.find((i) => i.id === Number(form.watch("imageId")));
  const scheduled = form.watch("scheduled");

  return (
    <Form
      aria-label="Send image"
      error={send.error?.message ?? images.error?.message}
      className="space-y-3"
      onSubmit={form.handleSubmit((v) =>
        send.mutate({
          deviceId,
          imageId: v.imageId,
          targetFileName: v.targetFileName || undefined,
          commandKey: v.commandKey || undefined,
          delaySeconds: v.delaySeconds,
          force: v.force,
          schedule: v.scheduled
            ? [
                {
                  windowStart: v.windowStartMinutes * 60,
                  windowEnd: (v.windowStartMinutes + v.windowMinutes) * 60,
                  windowMode: v.windowMode,
                },
              ]
            : undefined,
        }),
      )}
    >
      <Field id="send-image" label="Image" error={errors.imageId?.message}>
        <Select {...form.register("imageId")} data-autofocus>
          <option value={0}>{images.isLoading ? "Loading…" : "Choose an image"}</option>
          {images.data?.map((i) => (
            <option key={i.id} value={i.id} disabled={!i.offered}>
              {i.version} · {i.fileName}
              {i.reason ? ` (${i.reason})` : ""}
            </option>
          ))}
        </Select>
      </Field>
      {chosen ? (
        <p className="text-xs text-slate-600">
          {chosen.fileType} · FileSize {chosen.size.toLocaleString()} bytes ({mib(chosen.size)})
        </p>
      ) : null}
      {chosen && !chosen.applies ? (
        <label className="flex items-center gap-2 text-sm text-amber-900">
          <input type="checkbox" {...form.register("force")} /> Send anyway ({chosen.reason})
        </label>
      ) : null}
      <div className="grid grid-cols-2 gap-2">
        <Field
          id="send-target"
          label="TargetFileName"
          hint="Default: the image's name"
          error={errors.targetFileName?.message}
        >
          <Input {...form.register("targetFileName")} />
        </Field>
        <Field id="send-key" label="CommandKey" hint="Default: generated" error={errors.commandKey?.message}>
          <Input {...form.register("commandKey")} />
        </Field>
        <Field id="send-delay" label="DelaySeconds" error={errors.delaySeconds?.message}>
          <Input type="number" min={0} {...form.register("delaySeconds")} />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" {...form.register("scheduled")} /> In a time window (ScheduleDownload; the CPE
        must support it)
      </label>
      {scheduled ? (
        <div className="grid grid-cols-3 gap-2">
          <Field id="send-wstart" label="Starts in (min)" error={errors.windowStartMinutes?.message}>
            <Input type="number" min={0} {...form.register("windowStartMinutes")} />
          </Field>
          <Field id="send-wlen" label="Lasts (min)" error={errors.windowMinutes?.message}>
            <Input type="number" min={1} {...form.register("windowMinutes")} />
          </Field>
          <Field id="send-wmode" label="Mode">
            <Select {...form.register("windowMode")}>
              {WINDOW_MODES.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </Select>
          </Field>
        </div>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={send.isPending}>
          Send
        </Button>
      </div>
    </Form>
  );
}

/** The outcome in words: the versions for a verified firmware, the CPE's fault, why it expired. */
function outcome(t: {
  state: string;
  versionBefore: string | null;
  versionAfter: string | null;
  faultCode: number | null;
  reason: string | null;
}): string {
  if (t.state === "done" && t.versionAfter) return `${t.versionBefore || "?"} → ${t.versionAfter}`;
  if (t.state === "fault")
    return [t.faultCode ? `Fault ${t.faultCode}` : null, t.reason].filter(Boolean).join(": ");
  if (t.state === "expired") return `Device not back: ${t.reason ?? "expired"}`;
  return t.reason ?? "";
}

/** Firmware and files sent to the device: its version, Send image, and the recent transfers. */
export function FirmwarePanel({
  deviceId,
  softwareVersion,
  canSend,
}: {
  deviceId: number;
  softwareVersion: string;
  canSend: boolean;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const transfers = useQuery(
    trpc.delivery.transfers.queryOptions(
      { deviceId },
      {
        refetchInterval: (q) =>
          q.state.data?.some((t) => ["queued", "sent", "waiting"].includes(t.state)) ? 3_000 : false,
      },
    ),
  );
  return (
    <section aria-labelledby="firmware-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="firmware-heading" className="text-sm font-semibold text-slate-900">
          Firmware · <span className="font-mono">{softwareVersion || "unknown version"}</span>
        </h3>
        {canSend ? <Button onClick={() => setOpen(true)}>Send image</Button> : null}
      </div>
      <Dialog open={open} onClose={() => setOpen(false)} title="Send image" size="lg">
        <SendImageDialog deviceId={deviceId} onClose={() => setOpen(false)} />
      </Dialog>
      {transfers.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Could not read the transfers: {transfers.error.message}
        </p>
      ) : transfers.data?.length ? (
        <ul aria-label="Recent transfers" className="divide-y divide-slate-100 text-sm">
          {transfers.data.map((t) => (
            <li key={t.id} className="flex flex-wrap items-center gap-2 py-2">
              <span className="font-medium text-slate-900">
                #{t.id} {t.name}
              </span>
              <TaskStateBadge state={t.state} />
              <span className="text-slate-600">{t.fileType}</span>
              {t.createdBy === "RequestDownload" ? <Badge tone="info">asked by the device</Badge> : null}
              <span className="text-slate-800">{outcome(t)}</span>
              <span className="ml-auto text-xs text-slate-500">
                <RelativeTime value={t.completedAt ?? t.createdAt} />
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">{transfers.isLoading ? "Loading…" : "No transfers yet."}</p>
      )}
    </section>
  );
}
