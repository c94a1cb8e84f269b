"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { permissionToWrite } from "@/lib/permissions";
import { isSecretName } from "@/lib/datamodel/secret-names";
import { useTRPC } from "@/trpc/react";
import { checkValue, describeFacts, writableEnum } from "./value-check";
import { useRefreshDevice, type TreeChild } from "./use-device";

const NOTIFY = [
  { value: "off", label: "Off" },
  { value: "passive", label: "Passive" },
  { value: "active", label: "Active" },
] as const;

const MODE_OF = ["off", "passive", "active"] as const;

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
  const [value, setValue] = useState(secret ? "" : (child.entry?.v ?? ""));
  const [error, setError] = useState<string | null>(null);
  const onSuccess = useRefreshDevice();
  const setMutation = useMutation(trpc.device.setValue.mutationOptions({ onSuccess }));
  const notifyMutation = useMutation(trpc.device.setNotification.mutationOptions({ onSuccess }));
  const currentMode = MODE_OF[child.entry?.n ?? 0] ?? "off";
  const [mode, setMode] = useState<(typeof MODE_OF)[number]>(currentMode);
  const fieldId = `edit-${child.path}`;
  const errorId = `${fieldId}-error`;

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = checkValue(child, value);
    setError(problem);
    if (problem) return;
    setMutation.mutate(
      { id: deviceId, path: child.path, value },
      { onSuccess: onDone, onError: (e) => setError(e.message) },
    );
  }

  return (
    <div className="mt-2 space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3">
      {writable && permitted ? (
        <form onSubmit={submit} noValidate className="space-y-1">
          <label htmlFor={fieldId} className="block text-xs font-medium text-slate-700">
            New value for {child.path}
          </label>
          <div className="flex flex-wrap items-start gap-2">
            {options ? (
              <Select
                id={fieldId}
                value={value}
                onChange={(e) => {
                  setValue(e.target.value);
                  setError(null);
                }}
                className="max-w-xs"
              >
                {!options.includes(value) && <option value={value}>{value || "(empty)"}</option>}
                {options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </Select>
            ) : (
              <Input
                id={fieldId}
                value={value}
                onChange={(e) => {
                  setValue(e.target.value);
                  setError(checkValue(child, e.target.value));
                }}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
                placeholder={secret ? "new value (the current one is not shown)" : undefined}
                className="max-w-md font-mono"
              />
            )}
            <Button type="submit" disabled={setMutation.isPending}>
              {setMutation.isPending ? "Saving…" : "Save"}
            </Button>
            <Button variant="secondary" onClick={onDone}>
              Cancel
            </Button>
          </div>
          <p className="text-xs text-slate-500">Allowed: {describeFacts(child) || "any text"}</p>
          {error && (
            <p id={errorId} role="alert" className="text-sm text-red-700">
              Invalid value: {error}
            </p>
          )}
        </form>
      ) : writable ? (
        <p className="text-xs text-slate-600">Your role may not change this parameter ({needed}).</p>
      ) : (
        <p className="text-xs text-slate-600">This parameter is read-only on the device.</p>
      )}
      <div className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor={`${fieldId}-notify`} className="block text-xs font-medium text-slate-700">
            Notification for {child.path}
          </label>
          <Select
            id={`${fieldId}-notify`}
            value={mode}
            onChange={(e) => setMode(e.target.value as (typeof MODE_OF)[number])}
            className="h-9 w-36"
          >
            {NOTIFY.map((n) => (
              <option key={n.value} value={n.value}>
                {n.label}
              </option>
            ))}
          </Select>
        </div>
        <Button
          variant="secondary"
          disabled={notifyMutation.isPending || mode === currentMode}
          onClick={() =>
            notifyMutation.mutate({ id: deviceId, path: child.path, mode }, { onSuccess: onDone })
          }
        >
          Set notification
        </Button>
        {notifyMutation.isError && (
          <p role="alert" className="text-sm text-red-700">
            {notifyMutation.error.message}
          </p>
        )}
      </div>
    </div>
  );
}
