"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { useTRPC } from "@/trpc/react";
import { confidenceLabel, layerLabel, verdictLabel } from "../labels";
import { DASHBOARD_REFRESH_MS, type IncidentRow } from "../use-monitoring";

const COLUMNS: DataColumn<IncidentRow>[] = [
  {
    id: "label",
    header: "Incident",
    rowHeader: true,
    cell: (r) => (
      <Link href={`/incidents/${r.id}`} className="font-medium text-sky-800 underline underline-offset-2">
        {r.label}
      </Link>
    ),
    sortValue: (r) => r.label,
    hideable: false,
    className: "whitespace-normal break-words",
  },
  { id: "verdict", header: "Verdict", cell: (r) => verdictLabel(r.verdict), sortValue: (r) => r.verdict },
  { id: "layer", header: "Layer", cell: (r) => layerLabel(r.layer), sortValue: (r) => r.layer },
  {
    id: "confidence",
    header: "Confidence",
    cell: (r) => confidenceLabel(r.confidence),
    sortValue: (r) => r.confidence,
  },
  { id: "devices", header: "Devices", cell: (r) => r.impairedDevices, sortValue: (r) => r.impairedDevices },
  {
    id: "started",
    header: "Started",
    cell: (r) => <RelativeTime value={r.startedAt} />,
    sortValue: (r) => r.startedAt.getTime(),
  },
  {
    id: "state",
    header: "State",
    cell: (r) => (
      <span className="flex flex-wrap gap-1">
        <Badge tone={r.state === "open" ? "danger" : "success"} dot>
          {r.state === "open" ? "Open" : "Resolved"}
        </Badge>
        {r.acknowledgedAt ? <Badge tone="neutral">Acknowledged by {r.acknowledgedBy}</Badge> : null}
      </span>
    ),
    sortValue: (r) => r.state,
  },
];

/** Incidents (open by default), newest first; each row opens its evidence. */
export function IncidentsTable({
  state = "open",
  limit = 50,
  label = "Incidents",
}: {
  state?: "open" | "resolved" | "all";
  limit?: number;
  label?: string;
}) {
  const trpc = useTRPC();
  const list = useQuery(
    trpc.incidents.list.queryOptions({ state, limit }, { refetchInterval: DASHBOARD_REFRESH_MS }),
  );
  return (
    <DataTable
      label={label}
      columns={COLUMNS}
      rows={list.data?.rows}
      getRowId={(r) => String(r.id)}
      loading={list.isPending}
      error={list.error?.message}
      empty={state === "open" ? "No open incidents" : "No incidents"}
      rowHref={(r) => `/incidents/${r.id}`}
      rowTestId={(r) => `incident-${r.id}`}
      maxHeight="max-h-[50vh]"
    />
  );
}
