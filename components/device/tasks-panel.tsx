"use client";

import { useMutation } from "@tanstack/react-query";
import { RelativeTime } from "@/components/ui/relative-time";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/trpc/react";
import { TaskStateBadge } from "./task-status";
import { faultText, isCancellable, taskPaths, useRefreshDevice, type DeviceTask } from "./use-device";

/** The device's recent tasks with live state; cancel unfinished ones and retry failed ones (tasks.write). */
export function TasksPanel({
  deviceId,
  tasks,
  online,
  canManage,
}: {
  deviceId: number;
  tasks: DeviceTask[] | undefined;
  online: boolean;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const onSuccess = useRefreshDevice();
  const cancel = useMutation(trpc.device.cancelTask.mutationOptions({ onSuccess }));
  const retry = useMutation(trpc.device.retryTask.mutationOptions({ onSuccess }));
  const waiting = tasks?.some((t) => t.state === "queued") ?? false;
  const error = cancel.error ?? retry.error;
  return (
    <section
      aria-labelledby="tasks-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
    >
      <h2 id="tasks-heading" className="text-base font-semibold text-slate-900">
        Tasks
      </h2>
      {waiting && !online ? (
        <p role="status" className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          The device is offline. Queued tasks run at its next inform.
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error.message}
        </p>
      ) : null}
      {!tasks ? <p className="mt-2 text-sm text-slate-500">Loading…</p> : null}
      {tasks?.length === 0 ? <p className="mt-2 text-sm text-slate-500">No tasks yet.</p> : null}
      <ul aria-label="Tasks" className="mt-2 divide-y divide-slate-100">
        {tasks?.map((t) => (
          <li
            key={t.id}
            aria-label={`Task ${t.id} ${t.name}`}
            className="flex items-start justify-between gap-2 py-2 text-sm"
          >
            <div className="min-w-0">
              <div className="flex items-center gap-2">
                <span className="font-medium text-slate-900">{t.name}</span>
                <TaskStateBadge state={t.state} />
              </div>
              <div className="truncate font-mono text-xs text-slate-500" title={taskPaths(t).join(", ")}>
                {taskPaths(t).join(", ")}
              </div>
              <div className="text-xs text-slate-500">
                #{t.id} by {t.createdBy} · <RelativeTime value={t.createdAt} />
              </div>
              {t.state === "fault" ? <div className="text-xs text-red-700">{faultText(t)}</div> : null}
            </div>
            {canManage && isCancellable(t) ? (
              <Button
                variant="ghost"
                className="h-7 text-xs"
                aria-label={`Cancel task ${t.id}`}
                onClick={() => cancel.mutate({ id: deviceId, taskId: t.id })}
              >
                Cancel
              </Button>
            ) : null}
            {canManage && ["fault", "expired", "cancelled"].includes(t.state) ? (
              <Button
                variant="ghost"
                className="h-7 text-xs"
                aria-label={`Retry task ${t.id}`}
                onClick={() => retry.mutate({ id: deviceId, taskId: t.id })}
              >
                Retry
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
