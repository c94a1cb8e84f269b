"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import type { Range } from "@/lib/monitoring/query-api";
import type { Layer } from "@/lib/monitoring/qoe";
import { useTRPC } from "@/trpc/react";
import { FleetCharts } from "./fleet-charts";
import { duration, pct, qoe, streamQualityHref, type DimName } from "./labels";
import { RangePicker } from "./range-picker";
import type { ScopeDevicesData } from "./use-monitoring";

type Row = ScopeDevicesData["rows"][number];
const PAGE = 50;
const share = (n: number, secs: number) => (secs > 0 ? (100 * n) / secs : null);

const COLUMNS: DataColumn<Row>[] = [
  {
    id: "serial",
    header: "Device",
    rowHeader: true,
    hideable: false,
    cell: (r) => (
      <Link
        href={streamQualityHref(r.deviceId)}
        className="font-medium text-sky-800 underline underline-offset-2"
      >
        {r.serialNumber}
      </Link>
    ),
    sortValue: (r) => r.serialNumber,
  },
  { id: "model", header: "Model", cell: (r) => r.model, sortValue: (r) => r.model },
  { id: "software", header: "Software", cell: (r) => r.software, sortValue: (r) => r.software },
  { id: "household", header: "Household", cell: (r) => r.household, sortValue: (r) => r.household },
  { id: "viewing", header: "Viewing", cell: (r) => duration(r.secs), sortValue: (r) => r.secs },
  {
    id: "any",
    header: "Impaired",
    cell: (r) => pct(share(r.impairedSecs.any, r.secs)),
    sortValue: (r) => share(r.impairedSecs.any, r.secs),
  },
  { id: "ip", header: "IP", cell: (r) => duration(r.impairedSecs.ip), sortValue: (r) => r.impairedSecs.ip },
  {
    id: "ts",
    header: "MPEG-TS",
    cell: (r) => duration(r.impairedSecs.ts),
    sortValue: (r) => r.impairedSecs.ts,
  },
  {
    id: "decoder",
    header: "Decoder",
    cell: (r) => duration(r.impairedSecs.decoder),
    sortValue: (r) => r.impairedSecs.decoder,
  },
  {
    id: "buffer",
    header: "Buffer",
    cell: (r) => duration(r.impairedSecs.buffer),
    sortValue: (r) => r.impairedSecs.buffer,
  },
  { id: "qoe", header: "QoE", cell: (r) => qoe(r.qoe), sortValue: (r) => r.qoe },
];

/** The drill-down: the scope's charts and its devices, worst first, 50 per page. */
export function ScopeDevices({
  dim,
  scopeKey,
  range,
  layer,
}: {
  dim: DimName;
  scopeKey: string;
  range: Range;
  layer?: Layer;
}) {
  const trpc = useTRPC();
  const [cursors, setCursors] = useState<number[]>([]);
  const cursor = cursors[cursors.length - 1];
  const devices = useQuery(
    trpc.monitoring.devices.queryOptions({ range, dim, key: scopeKey, layer, limit: PAGE, cursor }),
  );
  const series = useQuery(trpc.monitoring.series.queryOptions({ range, scope: { dim, key: scopeKey } }));
  const params: Record<string, string> = { dim, key: scopeKey, ...(layer ? { layer } : {}) };
  const next = devices.data?.nextCursor ?? null;
  return (
    <div className="space-y-4">
      <RangePicker range={range} path="/monitoring/devices" params={params} />
      {series.data ? <FleetCharts series={series.data} dim={dim} scopeKey={scopeKey} range={range} /> : null}
      <DataTable
        label="Devices of this scope"
        columns={COLUMNS}
        rows={devices.data?.rows}
        getRowId={(r) => String(r.deviceId)}
        loading={devices.isPending}
        busy={devices.isFetching}
        error={devices.error?.message}
        empty="No device of this scope reported viewing in this range"
        rowHref={(r) => streamQualityHref(r.deviceId)}
        rowTestId={(r) => `scope-device-${r.serialNumber}`}
        persistKey="monitoring-scope-devices"
      />
      <nav aria-label="Pages" className="flex gap-2">
        <Button
          variant="secondary"
          disabled={cursors.length === 0}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          Previous
        </Button>
        <Button
          variant="secondary"
          disabled={next === null}
          onClick={() => next !== null && setCursors((c) => [...c, next])}
        >
          Next
        </Button>
      </nav>
    </div>
  );
}
