"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Label, Select } from "@/components/ui/input";
import { useTRPC } from "@/trpc/react";
import { TaskStateBadge } from "./task-status";
import type { DeviceTask } from "./use-device";

/** The FUMO result of a finished update (Generic Alert 1226), as the task stored it. */
function fumoOutcome(task: DeviceTask): string {
  if (task.state === "done") return "Updated: the mobile reported FUMO result 200";
  if (task.state === "waiting") return "Downloading and updating: waiting for the mobile's FUMO result";
  if (task.state === "fault") return task.faultString ?? "The update failed";
  return "";
}

/**
 * A mobile's Software tab: its firmware (DevDetail FwV) and a FUMO update with a store image — the
 * PkgURL written, DownloadAndUpdate executed, the outcome from the mobile's Generic Alert 1226.
 */
export function MobileFumo({
  deviceId,
  firmwareVersion,
  tasks,
  canUpdate,
}: {
  deviceId: number;
  firmwareVersion: string | null;
  tasks: DeviceTask[] | undefined;
  canUpdate: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const images = useQuery(trpc.delivery.sendableImages.queryOptions({ deviceId }, { enabled: canUpdate }));
  const [imageId, setImageId] = useState(0);
  const update = useMutation(
    trpc.mobile.fumo.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.device.tasks.pathFilter()),
    }),
  );
  const updates = tasks?.filter((t) => t.name === "FumoUpdate").slice(0, 5) ?? [];
  function submit(event: FormEvent) {
    event.preventDefault();
    if (imageId > 0) update.mutate({ id: deviceId, imageId });
  }
  return (
    <section aria-labelledby="fumo-heading" className="space-y-3">
      <h3 id="fumo-heading" className="text-sm font-semibold text-slate-900">
        Firmware (FUMO)
      </h3>
      <p className="text-sm text-slate-700">
        Firmware version: <span className="font-mono">{firmwareVersion ?? "unknown"}</span>
      </p>
      {canUpdate ? (
        <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
          <div>
            <Label htmlFor="fumo-image">Store image</Label>
            <Select id="fumo-image" value={imageId} onChange={(e) => setImageId(Number(e.target.value))}>
              <option value={0}>Choose an image</option>
              {images.data
                ?.filter((i) => i.offered)
                .map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.fileName} ({i.version})
                  </option>
                ))}
            </Select>
          </div>
          <Button type="submit" disabled={imageId === 0 || update.isPending}>
            Update firmware
          </Button>
          {update.error ? (
            <p role="alert" className="text-sm text-red-700">
              {update.error.message}
            </p>
          ) : null}
        </form>
      ) : null}
      {updates.length > 0 ? (
        <ul className="divide-y divide-slate-100 text-sm">
          {updates.map((t) => (
            <li key={t.id} className="flex flex-wrap items-center gap-2 py-1.5">
              <TaskStateBadge state={t.state} />
              <span className="text-xs text-slate-500">task #{t.id}</span>
              <span className="text-slate-800">{fumoOutcome(t)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
