"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { ConfirmButton } from "./confirm-button";

type DmNode = inferRouterOutputs<AppRouter>["mobile"]["tree"]["children"][number];

/** Formats offered when editing a leaf (server/mobile/dm-requests.ts DM_FORMATS). */
const FORMATS = ["chr", "int", "bool", "float", "date", "time", "b64", "bin", "xml", "null"] as const;
type Format = (typeof FORMATS)[number];

export function useDmActions(deviceId: number, uri: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settle = () =>
    queryClient.invalidateQueries(trpc.mobile.tree.queryFilter({ id: deviceId, path: uri }));
  return {
    get: useMutation(trpc.mobile.get.mutationOptions({ onSuccess: settle })),
    replace: useMutation(trpc.mobile.replace.mutationOptions({ onSuccess: settle })),
    exec: useMutation(trpc.mobile.exec.mutationOptions({ onSuccess: settle })),
  };
}

export function ReplaceForm({
  deviceId,
  node,
  onDone,
}: {
  deviceId: number;
  node: DmNode;
  onDone: () => void;
}) {
  const actions = useDmActions(deviceId, node.uri);
  const [value, setValue] = useState(node.value ?? "");
  const initial = FORMATS.find((f) => f === node.format) ?? "chr";
  const [format, setFormat] = useState<Format>(initial);
  const base = `dm-edit-${node.uri.replace(/[^A-Za-z0-9]/g, "-")}`;
  function submit(event: FormEvent) {
    event.preventDefault();
    actions.replace.mutate({ id: deviceId, path: node.uri, value, format }, { onSuccess: onDone });
  }
  return (
    <form onSubmit={submit} className="mt-1 flex flex-wrap items-center gap-2">
      <label htmlFor={`${base}-value`} className="sr-only">
        New value of {node.uri}
      </label>
      <Input
        id={`${base}-value`}
        value={value}
        maxLength={65_535}
        onChange={(e) => setValue(e.target.value)}
        className="h-8 w-48"
      />
      <label htmlFor={`${base}-format`} className="sr-only">
        Format of {node.uri}
      </label>
      <Select
        id={`${base}-format`}
        value={format}
        onChange={(e) => setFormat(e.target.value as Format)}
        className="h-8 w-24 py-0"
      >
        {FORMATS.map((f) => (
          <option key={f}>{f}</option>
        ))}
      </Select>
      <Button type="submit" className="h-8 py-0" disabled={actions.replace.isPending}>
        Replace
      </Button>
      <Button variant="ghost" className="h-8 py-0" onClick={onDone}>
        Cancel
      </Button>
      {actions.replace.error ? (
        <span role="alert" className="text-xs text-red-700">
          {actions.replace.error.message}
        </span>
      ) : null}
    </form>
  );
}

export function NodeButtons({
  deviceId,
  node,
  canWrite,
  onEdit,
}: {
  deviceId: number;
  node: DmNode;
  canWrite: boolean;
  onEdit?: () => void;
}) {
  const actions = useDmActions(deviceId, node.uri);
  if (!canWrite) return null;
  const error = actions.get.error ?? actions.exec.error;
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      {!node.interior ? (
        <Button
          variant="ghost"
          className="h-7 px-2 py-0 text-xs"
          aria-label={`Read ${node.uri}`}
          onClick={() => actions.get.mutate({ id: deviceId, path: node.uri })}
        >
          Read
        </Button>
      ) : null}
      {onEdit ? (
        <Button
          variant="ghost"
          className="h-7 px-2 py-0 text-xs"
          aria-label={`Edit ${node.uri}`}
          onClick={onEdit}
        >
          Edit
        </Button>
      ) : null}
      {/* Exec runs whatever the node does on the handset (a reboot, an update): confirmed first. */}
      <ConfirmButton
        small
        label={`Exec ${node.uri}`}
        title={`Exec ${node.uri}?`}
        description="The mobile runs this node's operation at its next DM session (it is woken now)."
        confirmText="Exec now"
        onConfirm={() => actions.exec.mutate({ id: deviceId, path: node.uri })}
      >
        Exec
      </ConfirmButton>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error.message}
        </span>
      ) : null}
    </span>
  );
}
