"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { useTRPC } from "@/trpc/react";
import { devicesHref } from "../labels";

/** Counts, regions, access nodes and the channel line-up, each linking to its monitoring device list. */
export function TopologyLists() {
  const trpc = useTRPC();
  const summary = useQuery(trpc.topology.summary.queryOptions({}));
  const regions = useQuery(trpc.topology.regions.queryOptions({}));
  const nodes = useQuery(trpc.topology.accessNodes.queryOptions({ limit: 500 }));
  const channels = useQuery(trpc.topology.channels.queryOptions({}));
  const s = summary.data;
  const link = (dim: "region" | "access_node" | "channel", id: number, text: string) => (
    <Link
      href={devicesHref({ dim, key: String(id), range: "24h" })}
      className="text-sky-800 underline underline-offset-2"
    >
      {text}
    </Link>
  );
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-700" data-testid="topology-summary">
        {s
          ? `${s.regions} regions, ${s.accessNodes} access nodes, ${s.households} households placed; ${s.devicesWithoutTopology} devices without a place.`
          : "Counting…"}
      </p>
      {/* min-w-0: a grid cell would otherwise grow to its table's width and push the page wider. */}
      <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <DataTable
          label="Regions"
          rows={regions.data}
          loading={regions.isPending}
          error={regions.error?.message}
          getRowId={(r) => String(r.id)}
          empty="No regions yet: import a topology"
          columns={[
            {
              id: "name",
              header: "Region",
              rowHeader: true,
              cell: (r) => link("region", r.id, r.name),
              sortValue: (r) => r.name,
            },
            {
              id: "nodes",
              header: "Access nodes",
              cell: (r) => r.accessNodes,
              sortValue: (r) => r.accessNodes,
            },
            {
              id: "households",
              header: "Households",
              cell: (r) => r.households,
              sortValue: (r) => r.households,
            },
          ]}
          maxHeight="max-h-[40vh]"
        />
        <DataTable
          label="Access nodes"
          rows={nodes.data}
          loading={nodes.isPending}
          error={nodes.error?.message}
          getRowId={(r) => String(r.id)}
          empty="No access nodes yet"
          columns={[
            {
              id: "name",
              header: "Access node",
              rowHeader: true,
              cell: (r) => link("access_node", r.id, r.name),
              sortValue: (r) => r.name,
            },
            { id: "kind", header: "Kind", cell: (r) => r.kind, sortValue: (r) => r.kind },
            {
              id: "region",
              header: "Region",
              cell: (r) => r.region ?? "—",
              sortValue: (r) => r.region ?? "",
            },
            {
              id: "households",
              header: "Households",
              cell: (r) => r.households,
              sortValue: (r) => r.households,
            },
          ]}
          maxHeight="max-h-[40vh]"
        />
      </div>
      <DataTable
        label="Channel line-up"
        rows={channels.data}
        loading={channels.isPending}
        error={channels.error?.message}
        getRowId={(r) => String(r.id)}
        empty="No channels yet: import a line-up"
        columns={[
          { id: "number", header: "No.", cell: (r) => r.number ?? "—", sortValue: (r) => r.number ?? 0 },
          {
            id: "name",
            header: "Channel",
            rowHeader: true,
            cell: (r) => link("channel", r.id, r.name),
            sortValue: (r) => r.name,
          },
          { id: "group", header: "Multicast group / URI", cell: (r) => r.multicastGroup ?? r.uri ?? "—" },
          { id: "headend", header: "Headend", cell: (r) => r.headend || "—", sortValue: (r) => r.headend },
          {
            id: "chain",
            header: "Insertion points",
            cell: (r) => r.insertions.map((i) => `${i.region}: ${i.point}`).join(", ") || "—",
            className: "whitespace-normal",
          },
        ]}
        maxHeight="max-h-[50vh]"
      />
    </div>
  );
}
