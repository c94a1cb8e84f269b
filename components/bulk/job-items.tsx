"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Label, Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/devices/relative-time";
import type { ItemState } from "@/server/bulk/schema";
import { useTRPC } from "@/trpc/react";
import { StateBadge } from "./job-state-badge";

const OUTCOMES: { value: "" | ItemState; label: string }[] = [
  { value: "", label: "All outcomes" },
  { value: "done", label: "Succeeded" },
  { value: "failed", label: "Failed" },
  { value: "waiting", label: "Waiting for device" },
  { value: "pending", label: "Not started" },
  { value: "cancelled", label: "Cancelled" },
];
const PAGE = 100;

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
      <div className="flex items-end justify-between gap-3">
        <h2 className="text-base font-semibold text-slate-900">Devices</h2>
        <div className="w-56">
          <Label htmlFor="bulk-outcome">Outcome</Label>
          <Select
            id="bulk-outcome"
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
        </div>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
        <table
          className="min-w-full divide-y divide-slate-200 text-sm"
          aria-label="Per-device outcomes"
          aria-busy={items.isFetching}
        >
          <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">
            <tr>
              <th scope="col" className="px-4 py-2.5">
                Device
              </th>
              <th scope="col" className="px-4 py-2.5">
                Outcome
              </th>
              <th scope="col" className="px-4 py-2.5">
                Task
              </th>
              <th scope="col" className="px-4 py-2.5">
                Fault / message
              </th>
              <th scope="col" className="px-4 py-2.5">
                Updated
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.data?.items.map((item) => (
              <tr key={String(item.id)}>
                <td className="px-4 py-2.5 whitespace-nowrap">
                  {item.serialNumber ? (
                    <Link
                      href={`/devices/${item.deviceId}`}
                      className="font-mono text-sky-800 hover:underline"
                    >
                      {item.serialNumber}
                    </Link>
                  ) : (
                    <span className="text-slate-500">device {item.deviceId} (deleted)</span>
                  )}
                </td>
                <td className="px-4 py-2.5">
                  <StateBadge state={item.state} />
                </td>
                <td className="px-4 py-2.5 whitespace-nowrap text-slate-700">
                  {item.task ? `${item.task.name} · ${item.task.state}` : "—"}
                </td>
                <td className="px-4 py-2.5 text-slate-700">
                  {item.task?.faultCode ? (
                    <span className="text-red-700">
                      {item.task.faultCode} {item.task.faultString}
                    </span>
                  ) : (
                    (item.message ?? "—")
                  )}
                </td>
                <td className="px-4 py-2.5 whitespace-nowrap text-slate-600">
                  <RelativeTime value={item.updatedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {items.data?.items.length === 0 ? (
          <p role="status" className="px-4 py-8 text-center text-sm text-slate-500">
            {outcome
              ? "No devices with this outcome."
              : "No devices yet: the job is collecting its selection."}
          </p>
        ) : null}
        {items.isError ? (
          <p role="alert" className="px-4 py-6 text-sm text-red-700">
            Could not load the devices: {items.error.message}
          </p>
        ) : null}
      </div>
      {items.data?.nextAfterId !== undefined && limit < 500 ? (
        <Button variant="secondary" onClick={() => setLimit((l) => Math.min(500, l + PAGE))}>
          Show more devices
        </Button>
      ) : null}
    </div>
  );
}
