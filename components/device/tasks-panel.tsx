"use client";

import { useMutation } from "@tanstack/react-query";
import { useMemo } from "react";
import { Button } from "@/components/ui/button";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { Tooltip } from "@/components/ui/tooltip";
import { useTRPC } from "@/trpc/react";
import { taskStateLabel, TaskStateBadge } from "./task-status";
import { faultText, isCancellable, taskPaths, useRefreshDevice, type DeviceTask } from "./use-device";

const RETRYABLE = new Set<DeviceTask["state"]>(["fault", "expired", "cancelled"]);

/** The paths a task touches, cut to one line; the whole list on hover and keyboard focus. */
function TaskPaths({ task }: { task: DeviceTask }) {
  const paths = taskPaths(task);
  if (paths.length === 0) return null;
  const text = paths.join(", ");
  return (
    <Tooltip
      content={
        <span className="block font-mono break-all">
          {paths.map((p) => (
            <span key={p} className="block">
              {p}
            </span>
          ))}
        </span>
      }
    >
      {/* Focusable so a keyboard user can read the full list too (the row itself has the focus ring). */}
      <span tabIndex={0} className="block max-w-48 truncate font-mono text-xs text-slate-500">
        {text}
      </span>
    </Tooltip>
  );
}

function columns(
  canManage: boolean,
  act: { cancel: (t: DeviceTask) => void; retry: (t: DeviceTask) => void },
): DataColumn<DeviceTask>[] {
  const list: DataColumn<DeviceTask>[] = [
    { id: "id", header: "#", cell: (t) => `#${t.id}`, sortValue: (t) => t.id, hideable: false },
    {
      id: "task",
      header: "Task",
      cell: (t) => (
        <div className="min-w-0">
          <div className="font-medium text-slate-900">{t.name}</div>
          <TaskPaths task={t} />
        </div>
      ),
      sortValue: (t) => t.name,
      hideable: false,
    },
    {
      id: "state",
      header: "State",
      cell: (t) => <TaskStateBadge state={t.state} />,
      sortValue: (t) => taskStateLabel(t.state),
    },
    {
      id: "created",
      header: "Created",
      cell: (t) => <RelativeTime value={t.createdAt} />,
      sortValue: (t) => t.createdAt,
    },
    { id: "by", header: "By", cell: (t) => t.createdBy, sortValue: (t) => t.createdBy },
    {
      id: "fault",
      header: "Fault",
      cell: (t) => <span className="text-red-700">{faultText(t)}</span>,
      sortValue: (t) => faultText(t),
      className: "min-w-48 whitespace-normal [overflow-wrap:anywhere]",
    },
  ];
  if (!canManage) return list;
  return [
    ...list,
    {
      id: "actions",
      header: "Actions",
      hideable: false,
      cell: (t) => (
        <div className="flex gap-1">
          {isCancellable(t) ? (
            <Button
              variant="ghost"
              className="h-7 text-xs"
              aria-label={`Cancel task ${t.id}`}
              onClick={() => act.cancel(t)}
            >
              Cancel
            </Button>
          ) : null}
          {RETRYABLE.has(t.state) ? (
            <Button
              variant="ghost"
              className="h-7 text-xs"
              aria-label={`Retry task ${t.id}`}
              onClick={() => act.retry(t)}
            >
              Retry
            </Button>
          ) : null}
        </div>
      ),
    },
  ];
}

/** The device's recent tasks with live state; cancel unfinished ones and retry failed ones (tasks.write). */
export function TasksPanel({
  deviceId,
  tasks,
  error,
  online,
  canManage,
}: {
  deviceId: number;
  tasks: DeviceTask[] | undefined;
  /** The tasks could not be read. */
  error?: string;
  online: boolean;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const onSuccess = useRefreshDevice();
  const cancel = useMutation(trpc.device.cancelTask.mutationOptions({ onSuccess }));
  const retry = useMutation(trpc.device.retryTask.mutationOptions({ onSuccess }));
  const waiting = tasks?.some((t) => t.state === "queued") ?? false;
  const actionError = cancel.error ?? retry.error;
  const cancelTask = cancel.mutate;
  const retryTask = retry.mutate;
  // Stable columns: the table rebuilds its column model only when what a cell can do changes.
  const cols = useMemo(
    () =>
      columns(canManage, {
        cancel: (t) => cancelTask({ id: deviceId, taskId: t.id }),
        retry: (t) => retryTask({ id: deviceId, taskId: t.id }),
      }),
    [canManage, cancelTask, retryTask, deviceId],
  );
  return (
    <section aria-label="Tasks" className="space-y-2">
      {waiting && !online ? (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          The device is offline. Queued tasks run at its next inform.
        </p>
      ) : null}
      {actionError ? (
        <p role="alert" className="text-sm text-red-700">
          {actionError.message}
        </p>
      ) : null}
      <DataTable
        label="Tasks"
        columns={cols}
        rows={tasks}
        getRowId={(t) => String(t.id)}
        rowTestId={(t) => `task-row-${t.id}`}
        loading={!tasks && !error}
        error={error ? `Could not load the tasks: ${error}` : undefined}
        empty="No tasks yet."
        maxHeight="max-h-[60vh]"
      />
    </section>
  );
}
