"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Dialog } from "@/components/ui/dialog";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";
import { CreateWebhookForm } from "./create-webhook-form";
import { DeliveryLog } from "./delivery-log";
import { SecretOnce } from "./secret-once";
import { webhookColumns, type WebhookRow } from "./webhook-columns";

export function WebhooksAdmin() {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.webhooks.list.queryOptions(), refetchInterval: 5_000 });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; secret: string }>();
  const [viewing, setViewing] = useState<WebhookRow>();
  const columns = useMemo(
    () =>
      webhookColumns({
        onDeliveries: setViewing,
        onSecret: (row, value) => setSecret({ name: row.name, secret: value }),
      }),
    [],
  );

  return (
    <div className="space-y-4">
      {secret ? <SecretOnce {...secret} onDismiss={() => setSecret(undefined)} /> : null}
      <Button onClick={() => setCreating(true)}>New webhook</Button>
      <DataTable
        label="Webhooks"
        persistKey="webhooks"
        columns={columns}
        rows={list.data}
        getRowId={(w) => String(w.id)}
        loading={list.isPending}
        error={list.error ? errorMessage(list.error) : undefined}
        empty="No webhooks"
        initialSort={{ id: "name", desc: false }}
      />
      <Dialog open={creating} onClose={() => setCreating(false)} title="New webhook" size="lg">
        <CreateWebhookForm
          onCreated={(created) => {
            setSecret(created);
            setCreating(false);
          }}
          onCancel={() => setCreating(false)}
        />
      </Dialog>
      <Dialog
        open={viewing !== undefined}
        onClose={() => setViewing(undefined)}
        title={`Deliveries of ${viewing?.name ?? ""}`}
        size="lg"
      >
        {viewing ? <DeliveryLog subscriptionId={viewing.id} /> : null}
      </Dialog>
    </div>
  );
}
