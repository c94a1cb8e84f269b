import { clsx } from "clsx";
import { Badge, type BadgeTone } from "@/components/ui/badge";
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

const TONES: Record<DeviceTask["state"], BadgeTone> = {
  queued: "warning",
  sent: "info",
  waiting: "info",
  done: "success",
  fault: "danger",
  cancelled: "neutral",
  expired: "neutral",
};

/** A task state in words (what the tasks table shows and sorts by). */
export const taskStateLabel = (state: DeviceTask["state"]): string => LABELS[state];

/** The state's words are the cue; the dot marks work still in flight. */
export function TaskStateBadge({ state }: { state: DeviceTask["state"] }) {
  return (
    <Badge tone={TONES[state]} dot={state === "queued" || state === "sent"}>
      {LABELS[state]}
    </Badge>
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
