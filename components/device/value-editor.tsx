"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form, useZodForm } from "@/components/ui/form";
import { Input, Select } from "@/components/ui/input";
import { isSecretName } from "@/lib/datamodel/secret-names";
import { permissionToWrite } from "@/lib/permissions";
import { useTRPC } from "@/trpc/react";
import { useRefreshDevice, type TreeChild } from "./use-device";
import { describeFacts, valueSchema, writableEnum } from "./value-check";

const NOTIFY = [
  { value: "off", label: "Off" },
  { value: "passive", label: "Passive" },
  { value: "active", label: "Active" },
] as const;

const MODE_OF = ["off", "passive", "active"] as const;
const notifyForm = z.object({ mode: z.enum(MODE_OF) });

/** In-place editor for one parameter: value (when writable) and notification attribute. */
export function ValueEditor({
  deviceId,
  child,
  onDone,
}: {
  deviceId: number;
  child: TreeChild;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const writable = child.entry?.w ?? child.facts?.w === 1;
  // ManagementServer.* (ACS URL, credentials...) needs more than devices.write: the server refuses it,
  // so the value field is not offered either.
  const me = useQuery(trpc.session.me.queryOptions(undefined, { staleTime: 60_000 }));
  const needed = permissionToWrite(child.path);
  // devices.write is what showed the Edit button at all; only the extra permission waits for `me`.
  const permitted = needed === "devices.write" || !!me.data?.permissions.includes(needed);
  const options = writableEnum(child);
  // A secret's current value never reaches the browser (it shows masked): start empty, so saving
  // without typing cannot write the mask to the device.
  const secret = isSecretName(child.path);
  const schema = useMemo(() => z.object({ value: valueSchema(child) }), [child]);
  // Checked as the operator types (instant feedback), and again by the server before anything is queued.
  const form = useZodForm(schema, {
    mode: "onChange",
    defaultValues: { value: secret ? "" : (child.entry?.v ?? "") },
  });
  const onSuccess = useRefreshDevice();
  const setMutation = useMutation(trpc.device.setValue.mutationOptions({ onSuccess }));
  const currentMode = MODE_OF[child.entry?.n ?? 0] ?? "off";
  const notify = useZodForm(notifyForm, { defaultValues: { mode: currentMode } });
  const notifyMutation = useMutation(trpc.device.setNotification.mutationOptions({ onSuccess }));
  const fieldId = `edit-${child.path}`;
  const value = form.watch("value");

  return (
    <div className="mt-2 space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3">
      {writable && permitted ? (
        <Form
          aria-label={`Change ${child.path}`}
          onSubmit={form.handleSubmit((v) =>
            setMutation.mutate({ id: deviceId, path: child.path, value: v.value }, { onSuccess: onDone }),
          )}
          error={setMutation.error ? `Refused: ${setMutation.error.message}` : undefined}
          className="space-y-2"
        >
          <div className="flex flex-wrap items-start gap-2">
            <Field
              id={fieldId}
              label={<span className="[overflow-wrap:anywhere]">New value for {child.path}</span>}
              hint={`Allowed: ${describeFacts(child) || "any text"}`}
              error={form.formState.errors.value?.message}
              className="min-w-0 flex-1"
            >
              {options ? (
                <Select {...form.register("value")} className="max-w-xs">
                  {!options.includes(value) && <option value={value}>{value || "(empty)"}</option>}
                  {options.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </Select>
              ) : (
                <Input
                  {...form.register("value")}
                  placeholder={secret ? "new value (the current one is not shown)" : undefined}
                  className="max-w-md font-mono"
                />
              )}
            </Field>
          </div>
          <div className="flex gap-2">
            <Button type="submit" disabled={setMutation.isPending}>
              {setMutation.isPending ? "Saving…" : "Save"}
            </Button>
            <Button variant="secondary" onClick={onDone}>
              Cancel
            </Button>
          </div>
        </Form>
      ) : writable ? (
        <p className="text-xs text-slate-600">Your role may not change this parameter ({needed}).</p>
      ) : (
        <p className="text-xs text-slate-600">This parameter is read-only on the device.</p>
      )}
      <Form
        aria-label={`Notification for ${child.path}`}
        onSubmit={notify.handleSubmit((v) =>
          notifyMutation.mutate({ id: deviceId, path: child.path, mode: v.mode }, { onSuccess: onDone }),
        )}
        error={notifyMutation.error?.message}
        className="flex flex-wrap items-start gap-2"
      >
        <Field
          id={`${fieldId}-notify`}
          label={<span className="[overflow-wrap:anywhere]">Notification for {child.path}</span>}
          error={notify.formState.errors.mode?.message}
          className="min-w-0"
        >
          <Select {...notify.register("mode")} className="h-9 w-36">
            {NOTIFY.map((n) => (
              <option key={n.value} value={n.value}>
                {n.label}
              </option>
            ))}
          </Select>
        </Field>
        <Button
          type="submit"
          variant="secondary"
          className="self-end"
          disabled={notifyMutation.isPending || notify.watch("mode") === currentMode}
        >
          Set notification
        </Button>
      </Form>
    </div>
  );
}
