import { clsx } from "clsx";
import { faultText, type DeviceTask } from "./use-device";

const LABELS: Record<DeviceTask["state"], string> = {
  queued: "Queued",
  sent: "Sent to device",
  waiting: "Waiting for device",
  done: "Done",
  fault: "Fault",
  cancelled: "Cancelled",
  expired: "Expired",
};

const TONES: Record<DeviceTask["state"], string> = {
  queued: "bg-amber-50 text-amber-800 ring-amber-600/20",
  sent: "bg-sky-50 text-sky-800 ring-sky-600/20",
  waiting: "bg-sky-50 text-sky-800 ring-sky-600/20",
  done: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  fault: "bg-red-50 text-red-800 ring-red-600/20",
  cancelled: "bg-slate-100 text-slate-600 ring-slate-500/20",
  expired: "bg-slate-100 text-slate-600 ring-slate-500/20",
};

export function TaskStateBadge({ state }: { state: DeviceTask["state"] }) {
  return (
    <span
      className={clsx(
        "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        TONES[state],
      )}
    >
      {(state === "queued" || state === "sent") && (
        <span aria-hidden className="size-1.5 animate-pulse rounded-full bg-current" />
      )}
      {LABELS[state]}
    </span>
  );
}

/** One task's progress in words, next to the thing it changes. */
export function TaskProgress({
  task,
  path,
  online,
  doneText = "Applied",
}: {
  task: DeviceTask;
  path?: string;
  online: boolean;
  doneText?: string;
}) {
  const fault = faultText(task, path);
  let text: string;
  if (task.state === "queued")
    text = online
      ? "Queued: waking the device…"
      : "Queued: the device is offline, it runs at its next inform";
  else if (task.state === "sent") text = "Sent: waiting for the device's answer…";
  else if (task.state === "done") text = doneText;
  else if (fault) text = fault;
  else text = LABELS[task.state];
  return (
    <span
      role={task.state === "fault" ? "alert" : "status"}
      className={clsx(
        "text-xs",
        task.state === "fault"
          ? "text-red-700"
          : task.state === "done"
            ? "text-emerald-700"
            : "text-slate-600",
      )}
    >
      {text}
    </span>
  );
}
