"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";
import { apiTokenColumns } from "./api-token-columns";
import { CreateTokenForm } from "./create-token-form";

export function ApiTokensAdmin() {
  const trpc = useTRPC();
  const list = useQuery(trpc.apiTokens.list.queryOptions());
  const [creating, setCreating] = useState(false);

  return (
    <div className="space-y-4">
      <Button onClick={() => setCreating(true)}>Create token</Button>
      <DataTable
        label="API tokens"
        persistKey="api-tokens"
        columns={apiTokenColumns}
        rows={list.data}
        getRowId={(t) => String(t.id)}
        loading={list.isPending}
        error={list.error ? errorMessage(list.error) : undefined}
        empty="No API tokens yet"
        initialSort={{ id: "created", desc: true }}
      />
      <Dialog open={creating} onClose={() => setCreating(false)} title="Create API token">
        <CreateTokenForm onClose={() => setCreating(false)} />
      </Dialog>
    </div>
  );
}
