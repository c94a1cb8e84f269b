"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";

interface Delivery {
  id: string;
  eventType: string;
  state: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  durationMs: number | null;
  createdAt: Date | string;
  lastAttemptAt: Date | string | null;
}

const TONE: Record<Delivery["state"], BadgeTone> = {
  pending: "info",
  delivered: "success",
  failed: "danger",
};

/** One subscription's deliveries, newest first, refreshed while open; a delivery can be sent again. */
export function DeliveryLog({ subscriptionId }: { subscriptionId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const log = useQuery({
    ...trpc.webhooks.deliveries.queryOptions({ subscriptionId, cursor }),
    refetchInterval: 2_000,
  });
  const redeliver = useMutation(
    trpc.webhooks.redeliver.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.queryKey() }),
    }),
  );
  const columns: DataColumn<Delivery>[] = [
    {
      id: "event",
      header: "Event",
      hideable: false,
      rowHeader: true,
      cell: (d) => <code>{d.eventType}</code>,
    },
    {
      id: "state",
      header: "State",
      cell: (d) => (
        <Badge tone={TONE[d.state]} dot>
          {d.state}
        </Badge>
      ),
    },
    { id: "attempts", header: "Attempts", cell: (d) => d.attempts },
    {
      id: "status",
      header: "Last status",
      className: "whitespace-normal",
      cell: (d) => (
        <span title={d.lastError ?? undefined}>
          {d.lastStatus ?? "—"}
          {d.lastError ? <span className="block text-xs text-red-700">{d.lastError}</span> : null}
        </span>
      ),
    },
    { id: "duration", header: "Duration", cell: (d) => (d.durationMs === null ? "—" : `${d.durationMs} ms`) },
    {
      id: "time",
      header: "Time",
      cell: (d) => <RelativeTime value={new Date(d.lastAttemptAt ?? d.createdAt)} />,
    },
    {
      id: "actions",
      header: "Actions",
      hideable: false,
      cell: (d) =>
        d.state === "pending" ? null : (
          <Button
            variant="secondary"
            aria-label={`Redeliver ${d.eventType} delivery ${d.id}`}
            onClick={() => redeliver.mutate({ deliveryId: d.id })}
            disabled={redeliver.isPending}
          >
            Redeliver
          </Button>
        ),
    },
  ];
  return (
    <div className="space-y-2">
      {redeliver.error ? (
        <p role="alert" className="text-sm text-red-700">
          {errorMessage(redeliver.error)}
        </p>
      ) : null}
      <DataTable
        label="Deliveries"
        columns={columns}
        rows={log.data?.items}
        getRowId={(d) => d.id}
        loading={log.isPending}
        error={log.error ? errorMessage(log.error) : undefined}
        empty="No deliveries yet"
      />
      <div className="flex gap-2">
        {cursors.length > 1 ? (
          <Button variant="secondary" onClick={() => setCursors((c) => c.slice(0, -1))}>
            Newer
          </Button>
        ) : null}
        {log.data?.nextCursor ? (
          <Button
            variant="secondary"
            onClick={() => setCursors((c) => [...c, log.data?.nextCursor ?? undefined])}
          >
            Older
          </Button>
        ) : null}
      </div>
    </div>
  );
}
