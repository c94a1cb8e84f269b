"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import type { AppRouter } from "@/server/api/root";
import type { ItemState } from "@/lib/bulk/schema";
import { useTRPC } from "@/trpc/react";
import { StateBadge } from "./job-state-badge";

type ItemRow = inferRouterOutputs<AppRouter>["bulk"]["items"]["items"][number];

const OUTCOMES: { value: "" | ItemState; label: string }[] = [
  { value: "", label: "All outcomes" },
  { value: "done", label: "Succeeded" },
  { value: "failed", label: "Failed" },
  { value: "waiting", label: "Waiting for device" },
  { value: "pending", label: "Not started" },
  { value: "cancelled", label: "Cancelled" },
];
const PAGE = 100;

const COLUMNS: DataColumn<ItemRow>[] = [
  {
    id: "device",
    header: "Device",
    hideable: false,
    sortValue: (i) => i.serialNumber,
    cell: (i) =>
      i.serialNumber ? (
        <Link href={`/devices/${i.deviceId}`} className="font-mono text-sky-800 hover:underline">
          {i.serialNumber}
        </Link>
      ) : (
        <span className="text-slate-600">device {i.deviceId} (deleted)</span>
      ),
  },
  {
    id: "outcome",
    header: "Outcome",
    sortValue: (i) => i.state,
    cell: (i) => <StateBadge state={i.state} />,
  },
  {
    id: "task",
    header: "Task",
    sortValue: (i) => i.task?.name,
    cell: (i) => (i.task ? `${i.task.name} · ${i.task.state}` : "—"),
  },
  {
    id: "message",
    header: "Fault / message",
    className: "min-w-48 break-words",
    sortValue: (i) => i.task?.faultCode ?? i.message,
    cell: (i) =>
      i.task?.faultCode ? (
        <span className="text-red-700">
          {i.task.faultCode} {i.task.faultString}
        </span>
      ) : (
        (i.message ?? "—")
      ),
  },
  {
    id: "updated",
    header: "Updated",
    sortValue: (i) => i.updatedAt,
    cell: (i) => <RelativeTime value={i.updatedAt} />,
  },
];

/**
 * Per-device outcomes of a job, filterable by outcome. `version` changes whenever the job's counts do,
 * so the list is re-read then (including the last change, after which polling stops).
 */
export function JobItems({ id, live, version }: { id: number; live: boolean; version: string }) {
  const trpc = useTRPC();
  const [outcome, setOutcome] = useState<"" | ItemState>("");
  const [limit, setLimit] = useState(PAGE);
  const items = useQuery(
    trpc.bulk.items.queryOptions(
      { id, states: outcome ? [outcome] : undefined, limit },
      { refetchInterval: live ? 2_000 : false, placeholderData: keepPreviousData },
    ),
  );
  const { refetch } = items;
  useEffect(() => {
    void refetch();
  }, [version, refetch]);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 className="text-base font-semibold text-slate-900">Devices</h2>
        <Field id="bulk-outcome" label="Outcome" className="w-56">
          <Select
            value={outcome}
            onChange={(e) => {
              setOutcome(e.target.value as "" | ItemState);
              setLimit(PAGE);
            }}
          >
            {OUTCOMES.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <DataTable
        label="Per-device outcomes"
        persistKey="bulk-job-items"
        columns={COLUMNS}
        rows={items.data?.items}
        getRowId={(i) => String(i.id)}
        loading={items.isPending}
        busy={items.isFetching}
        error={items.isError ? `Could not load the devices: ${items.error.message}` : undefined}
        empty={
          outcome ? "No devices with this outcome." : "No devices yet: the job is collecting its selection."
        }
        rowHref={(i) => `/devices/${i.deviceId}`}
      />
      {items.data?.nextAfterId !== undefined && limit < 500 ? (
        <Button variant="secondary" onClick={() => setLimit((l) => Math.min(500, l + PAGE))}>
          Show more devices
        </Button>
      ) : null}
    </div>
  );
}
