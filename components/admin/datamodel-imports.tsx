"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";
import { ErrorNotice } from "./notices";

type ImportRow = inferRouterOutputs<AppRouter>["datamodel"]["imports"][number];

function importColumns(onDelete: (row: ImportRow) => void): DataColumn<ImportRow>[] {
  return [
    {
      id: "name",
      header: "Name",
      hideable: false,
      sortValue: (r) => r.name,
      cell: (r) => <span className="font-medium">{r.name}</span>,
    },
    {
      id: "models",
      header: "Models",
      className: "font-mono text-xs break-words",
      cell: (r) => r.models.join(", "),
    },
    {
      id: "parameters",
      header: "Parameters",
      sortValue: (r) => r.parameterCount,
      cell: (r) => r.parameterCount,
    },
    { id: "by", header: "Imported by", sortValue: (r) => r.createdBy, cell: (r) => r.createdBy },
    {
      id: "when",
      header: "When",
      sortValue: (r) => r.createdAt,
      cell: (r) => <RelativeTime value={r.createdAt} />,
    },
    {
      id: "actions",
      header: "Actions",
      hideable: false,
      cell: (r) => (
        <Button variant="secondary" aria-label={`Delete ${r.name}`} onClick={() => onDelete(r)}>
          Delete
        </Button>
      ),
    },
  ];
}

export function DataModelImports() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.datamodel.imports.queryOptions());
  const [confirming, setConfirming] = useState<ImportRow>();
  const remove = useMutation(
    trpc.datamodel.delete.mutationOptions({
      onSuccess: () => setConfirming(undefined),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.datamodel.imports.queryKey() }),
    }),
  );
  const columns = useMemo(() => importColumns(setConfirming), []);

  return (
    <div className="space-y-2">
      {remove.error ? <ErrorNotice>{errorMessage(remove.error)}</ErrorNotice> : null}
      <DataTable
        label="Imported data models"
        persistKey="datamodel-imports"
        columns={columns}
        rows={list.data}
        getRowId={(r) => String(r.id)}
        loading={list.isPending}
        error={list.error ? errorMessage(list.error) : undefined}
        empty="No vendor data models imported yet."
        initialSort={{ id: "when", desc: true }}
      />
      <ConfirmDialog
        open={confirming !== undefined}
        danger
        title={`Delete ${confirming?.name ?? ""}?`}
        description="Its paths are no longer known to value validation and the parameter tree. The import can be repeated from the same file."
        confirmText="Confirm delete"
        busy={remove.isPending}
        onConfirm={() => {
          if (confirming) remove.mutate({ id: confirming.id });
        }}
        onCancel={() => setConfirming(undefined)}
      />
    </div>
  );
}
