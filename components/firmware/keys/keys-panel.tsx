"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { Field } from "@/components/ui/field";
import { Form, useZodForm } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import type { inferRouterOutputs } from "@trpc/server";

type KeyRow = inferRouterOutputs<AppRouter>["firmware"]["keys"][number];

const trustSchema = z.object({
  name: z.string().trim().min(1, "Name the originator").max(128),
  pem: z
    .string()
    .trim()
    .min(1, "Paste the public key")
    .max(10_000)
    .regex(/BEGIN PUBLIC KEY/, "A PEM public key (-----BEGIN PUBLIC KEY-----)"),
});

/** Originator keys: trust one by pasting its PEM public key, see what each signed, revoke. */
export function KeysPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.firmware.keys.queryOptions({}));
  const [revoking, setRevoking] = useState<KeyRow | null>(null);
  const [error, setError] = useState<string>();
  const form = useZodForm(trustSchema, { defaultValues: { name: "", pem: "" } });
  const refresh = () => queryClient.invalidateQueries(trpc.firmware.pathFilter());
  const trust = useMutation(
    trpc.firmware.trustKey.mutationOptions({
      onSuccess: async () => {
        form.reset();
        setError(undefined);
        await refresh();
      },
      onError: (e) => setError(e.message),
    }),
  );
  const revoke = useMutation(
    trpc.firmware.revokeKey.mutationOptions({
      onSuccess: async () => {
        setRevoking(null);
        await refresh();
      },
      onError: (e) => {
        setRevoking(null);
        setError(e.message);
      },
    }),
  );
  const columns: DataColumn<KeyRow>[] = [
    {
      id: "name",
      header: "Originator",
      rowHeader: true,
      hideable: false,
      sortValue: (k) => k.name,
      cell: (k) => k.name,
    },
    {
      id: "algorithm",
      header: "Algorithm",
      cell: (k) => (k.algorithm === "ed25519" ? "Ed25519" : "ECDSA P-256"),
    },
    {
      id: "fingerprint",
      header: "SHA-256 fingerprint",
      className: "max-w-xs whitespace-normal break-all",
      cell: (k) => <code className="text-xs">{k.fingerprint}</code>,
    },
    { id: "images", header: "Images", sortValue: (k) => k.images, cell: (k) => k.images },
    {
      id: "created",
      header: "Trusted",
      sortValue: (k) => k.createdAt,
      cell: (k) => <RelativeTime value={k.createdAt} />,
    },
    {
      id: "state",
      header: "State",
      cell: (k) =>
        k.revokedAt ? (
          <Badge tone="danger">Revoked</Badge>
        ) : (
          <span className="flex items-center gap-2">
            <Badge tone="success">Trusted</Badge>
            <Button variant="ghost" className="text-red-800" onClick={() => setRevoking(k)}>
              Revoke
            </Button>
          </span>
        ),
    },
  ];
  return (
    <div className="space-y-6">
      <DataTable
        label="Originator keys"
        columns={columns}
        rows={keys.data}
        getRowId={(k) => String(k.id)}
        loading={keys.isPending}
        error={keys.isError ? `Could not load keys: ${keys.error.message}` : undefined}
        empty="No trusted keys: no signed image can be uploaded"
      />
      <Form
        aria-label="Trust a key"
        className="max-w-2xl space-y-3 rounded-md border border-slate-200 bg-white p-4"
        onSubmit={(e) => void form.handleSubmit((v) => trust.mutate(v))(e)}
        error={error}
      >
        <h2 className="text-base font-semibold text-slate-900">Trust a key</h2>
        <Field id="key-name" label="Originator" error={form.formState.errors.name?.message}>
          <Input {...form.register("name")} />
        </Field>
        <Field
          id="key-pem"
          label="Public key (PEM)"
          hint="Ed25519 or ECDSA P-256, SPKI PEM"
          error={form.formState.errors.pem?.message}
        >
          <textarea
            rows={5}
            className="block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs"
            {...form.register("pem")}
          />
        </Field>
        <Button type="submit" disabled={trust.isPending}>
          Trust key
        </Button>
      </Form>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke ${revoking?.name ?? ""}?`}
        description="Uploads signed with this key are refused from now on; images it already signed stay in the store."
        confirmText="Revoke"
        danger
        busy={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate({ id: revoking.id })}
        onCancel={() => setRevoking(null)}
      />
    </div>
  );
}
