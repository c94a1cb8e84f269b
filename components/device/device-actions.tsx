"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/trpc/react";
import { ConfirmButton } from "./confirm-button";
import { useRefreshDevice, type DeviceDetail } from "./use-device";

type Result = { taskIds: number[]; online: boolean };

function queuedText(what: string, r: Result): string {
  const ids = r.taskIds.map((id) => `#${id}`).join(", ");
  return r.online
    ? `${what} queued (task ${ids}); the device is being contacted.`
    : `${what} queued (task ${ids}). The device is offline: it runs at its next inform.`;
}

/** Whole-device actions. Controls the operator's role lacks are not rendered; the server refuses anyway. */
export function DeviceActions({
  device,
  can,
}: {
  device: DeviceDetail;
  can: { write: boolean; reboot: boolean; reset: boolean };
}) {
  const trpc = useTRPC();
  const refetch = useRefreshDevice();
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const handlers = (what: string) => ({
    onSuccess: (r: Result) => {
      setMessage({ text: queuedText(what, r) });
      refetch();
    },
    onError: (e: { message: string }) => setMessage({ text: `${what} refused: ${e.message}`, error: true }),
  });
  const reboot = useMutation(trpc.device.reboot.mutationOptions(handlers("Reboot")));
  const reset = useMutation(trpc.device.factoryReset.mutationOptions(handlers("Factory reset")));
  const refreshAll = useMutation(
    trpc.device.refreshAll.mutationOptions(handlers("Refresh of all parameters")),
  );
  const interval = useMutation(
    trpc.device.setInformInterval.mutationOptions(handlers("Inform interval change")),
  );
  const [seconds, setSeconds] = useState(String(device.periodicInformInterval ?? 300));
  const [intervalError, setIntervalError] = useState<string | null>(null);
  const id = device.id;

  function submitInterval(event: FormEvent) {
    event.preventDefault();
    const n = Number(seconds);
    const { min, max } = device.informIntervalRange;
    if (!/^\d+$/.test(seconds) || n < min || n > max) {
      setIntervalError(`Enter a whole number of seconds from ${min} to ${max}`);
      return;
    }
    setIntervalError(null);
    interval.mutate({ id, seconds: n });
  }

  if (!can.write && !can.reboot && !can.reset)
    return (
      <p className="text-sm text-slate-500" data-testid="read-only-notice">
        Your role can look at this device but not act on it.
      </p>
    );

  return (
    <section aria-label="Device actions" className="space-y-3">
      <div className="flex flex-wrap items-end gap-2">
        {can.reboot ? (
          <ConfirmButton
            label="Reboot"
            title={`Reboot ${device.serialNumber}?`}
            description="The subscriber loses service for a minute or two while the device restarts."
            confirmText="Reboot now"
            disabled={reboot.isPending}
            onConfirm={() => reboot.mutate({ id })}
          >
            Reboot
          </ConfirmButton>
        ) : null}
        {can.reset ? (
          <ConfirmButton
            label="Factory reset"
            title={`Factory reset ${device.serialNumber}?`}
            description="Every setting on the device is erased, including the subscriber's own. This cannot be undone."
            confirmText="Erase and reset"
            disabled={reset.isPending}
            onConfirm={() => reset.mutate({ id })}
          >
            Factory reset
          </ConfirmButton>
        ) : null}
        {can.write ? (
          <>
            <Button
              variant="secondary"
              disabled={refreshAll.isPending}
              onClick={() => refreshAll.mutate({ id })}
            >
              Refresh all
            </Button>
            <form onSubmit={submitInterval} noValidate className="flex items-end gap-2">
              <div>
                <label htmlFor="inform-interval" className="block text-xs font-medium text-slate-700">
                  Periodic inform interval (s)
                </label>
                <Input
                  id="inform-interval"
                  inputMode="numeric"
                  value={seconds}
                  onChange={(e) => setSeconds(e.target.value)}
                  aria-invalid={intervalError ? true : undefined}
                  className="h-9 w-28"
                />
              </div>
              <Button type="submit" variant="secondary" disabled={interval.isPending}>
                Set interval
              </Button>
            </form>
          </>
        ) : null}
      </div>
      {intervalError ? (
        <p role="alert" className="text-sm text-red-700">
          {intervalError}
        </p>
      ) : null}
      {message ? (
        <p
          role={message.error ? "alert" : "status"}
          className={message.error ? "text-sm text-red-700" : "text-sm text-slate-700"}
        >
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
