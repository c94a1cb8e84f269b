"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form, useZodForm } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { informIntervalSeconds } from "@/lib/devices/action-schemas";
import { useTRPC } from "@/trpc/react";
import { ConfirmButton } from "./confirm-button";
import { useRefreshDevice, type DeviceDetail } from "./use-device";

type Result = { taskIds: number[]; online: boolean };

/** `udp`: the device keeps a fresh STUN binding behind a NAT, so the wake goes as a UDP datagram (TR-111). */
function queuedText(what: string, r: Result, wakeBy?: "udp" | "http"): string {
  const ids = r.taskIds.map((id) => `#${id}`).join(", ");
  const via = wakeBy === "udp" ? " by UDP (via NAT binding)" : "";
  return r.online
    ? `${what} queued (task ${ids}); the device is being contacted${via}.`
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
  // The NAT traversal panel's query (same key, shared cache): how a connection request goes now.
  const nat = useQuery(trpc.device.natTraversal.queryOptions({ id: device.id }));
  const handlers = (what: string) => ({
    onSuccess: (r: Result) => {
      setMessage({ text: queuedText(what, r, nat.data?.wakeBy) });
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
  const { min, max } = device.informIntervalRange;
  // The device's own data-model range; the procedure's schema is the same rule over the widest range.
  const schema = useMemo(() => z.object({ seconds: informIntervalSeconds(min, max) }), [min, max]);
  const form = useZodForm(schema, { defaultValues: { seconds: device.periodicInformInterval ?? 300 } });
  const intervalError = form.formState.errors.seconds?.message;
  const id = device.id;

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
            <Form
              aria-label="Periodic inform interval"
              onSubmit={form.handleSubmit((v) => interval.mutate({ id, seconds: v.seconds }))}
              className="flex items-start gap-2"
            >
              <Field
                id="inform-interval"
                label="Periodic inform interval (s)"
                error={intervalError}
                className="w-52"
              >
                <Input
                  {...form.register("seconds", { valueAsNumber: true })}
                  inputMode="numeric"
                  className="h-9"
                />
              </Field>
              {/* Aligned with the input, below its label. */}
              <Button type="submit" variant="secondary" disabled={interval.isPending} className="mt-6">
                Set interval
              </Button>
            </Form>
          </>
        ) : null}
      </div>
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
