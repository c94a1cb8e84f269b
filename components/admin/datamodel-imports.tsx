"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";
import { ErrorNotice } from "./notices";

export function DataModelImports() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.datamodel.imports.queryOptions());
  const [confirming, setConfirming] = useState<number>();
  const remove = useMutation(
    trpc.datamodel.delete.mutationOptions({
      onSuccess: () => setConfirming(undefined),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.datamodel.imports.queryKey() }),
    }),
  );

  const error = list.error ?? remove.error;
  return (
    <div className="space-y-2">
      {error ? <ErrorNotice>{errorMessage(error)}</ErrorNotice> : null}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
        <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Imported data models">
          <thead className="bg-slate-50">
            <tr>
              {["Name", "Models", "Parameters", "Imported by", "When"].map((h) => (
                <th
                  key={h}
                  scope="col"
                  className="px-4 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase"
                >
                  {h}
                </th>
              ))}
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {list.data?.length === 0 ? (
              <tr>
                <td colSpan={6} className="px-4 py-6 text-center text-slate-500">
                  No vendor data models imported yet.
                </td>
              </tr>
            ) : null}
            {list.data?.map((row) => (
              <tr key={row.id}>
                <td className="px-4 py-2.5 font-medium">{row.name}</td>
                <td className="px-4 py-2.5 font-mono text-xs">{row.models.join(", ")}</td>
                <td className="px-4 py-2.5">{row.parameterCount}</td>
                <td className="px-4 py-2.5">{row.createdBy}</td>
                <td className="px-4 py-2.5 whitespace-nowrap">
                  {row.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC
                </td>
                <td className="px-4 py-2.5 text-right whitespace-nowrap">
                  {confirming === row.id ? (
                    <span className="inline-flex items-center gap-2">
                      <Button
                        className="bg-red-700 hover:bg-red-800"
                        disabled={remove.isPending}
                        onClick={() => remove.mutate({ id: row.id })}
                      >
                        Confirm delete
                      </Button>
                      <Button variant="ghost" onClick={() => setConfirming(undefined)}>
                        Cancel
                      </Button>
                    </span>
                  ) : (
                    <Button
                      variant="secondary"
                      aria-label={`Delete ${row.name}`}
                      onClick={() => setConfirming(row.id)}
                    >
                      Delete
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
