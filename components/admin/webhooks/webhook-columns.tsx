"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { Badge } from "@/components/ui/badge";
import type { DataColumn } from "@/components/ui/data-table";
import type { AppRouter } from "@/server/api/root";
import { WebhookActions } from "./webhook-actions";

export type WebhookRow = inferRouterOutputs<AppRouter>["webhooks"]["list"][number];

export function webhookColumns(handlers: {
  onDeliveries: (row: WebhookRow) => void;
  onSecret: (row: WebhookRow, secret: string) => void;
}): DataColumn<WebhookRow>[] {
  return [
    {
      id: "name",
      header: "Webhook",
      hideable: false,
      rowHeader: true,
      sortValue: (w) => w.name,
      cell: (w) => (
        <div>
          <div className="font-medium text-slate-900">{w.name}</div>
          <div className="text-xs break-all whitespace-normal text-slate-600">{w.url}</div>
        </div>
      ),
    },
    {
      id: "events",
      header: "Events",
      className: "whitespace-normal",
      cell: (w) => <span className="text-xs text-slate-700">{w.events.join(", ")}</span>,
    },
    {
      id: "status",
      header: "Status",
      sortValue: (w) => (w.enabled ? "Enabled" : "Disabled"),
      cell: (w) =>
        w.enabled ? (
          <Badge tone="success" dot>
            Enabled
          </Badge>
        ) : (
          <Badge dot>Disabled</Badge>
        ),
    },
    {
      id: "backlog",
      header: "Pending / failed",
      sortValue: (w) => w.pending + w.failed,
      cell: (w) => (
        <span className={w.failed > 0 ? "text-red-700" : "text-slate-700"}>
          {w.pending} / {w.failed}
        </span>
      ),
    },
    {
      id: "actions",
      header: "Actions",
      hideable: false,
      cell: (w) => (
        <WebhookActions
          webhook={w}
          onDeliveries={() => handlers.onDeliveries(w)}
          onSecret={(secret) => handlers.onSecret(w, secret)}
        />
      ),
    },
  ];
}
