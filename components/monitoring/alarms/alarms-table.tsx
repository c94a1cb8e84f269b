"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { ALARM_SCOPE_LABELS, type AlarmListFilter } from "@/lib/monitoring/alarm-schema";
import { findLineKpi, findStreamKpi } from "@/lib/monitoring/kpis";
import { useTRPC } from "@/trpc/react";
import { kpiValue } from "../labels";
import { DASHBOARD_REFRESH_MS, type AlarmRow } from "../use-monitoring";

const SEVERITY_TONE: Record<string, BadgeTone> = {
  critical: "danger",
  major: "danger",
  minor: "warning",
  warning: "info",
};
const STATE_TONE: Record<string, BadgeTone> = {
  pending: "neutral",
  raised: "danger",
  clearing: "warning",
  cleared: "success",
};
const unitOf = (metric: string) => (findStreamKpi(metric) ?? findLineKpi(metric))?.unit ?? "";
const metricLabel = (metric: string) => (findStreamKpi(metric) ?? findLineKpi(metric))?.label ?? metric;

function columns(canAck: boolean, ack: (id: number) => void, busy: boolean): DataColumn<AlarmRow>[] {
  return [
    {
      id: "rule",
      header: "Alarm",
      rowHeader: true,
      hideable: false,
      cell: (r) => (
        <span>
          <span className="font-medium">{r.ruleName}</span>
          <span className="block text-xs text-slate-600">{metricLabel(r.metric)}</span>
        </span>
      ),
      sortValue: (r) => r.ruleName,
      className: "whitespace-normal",
    },
    {
      id: "severity",
      header: "Severity",
      cell: (r) => <Badge tone={SEVERITY_TONE[r.severity] ?? "neutral"}>{r.severity}</Badge>,
      sortValue: (r) => r.severity,
    },
    {
      id: "scope",
      header: "Where",
      cell: (r) =>
        `${ALARM_SCOPE_LABELS[r.scope as keyof typeof ALARM_SCOPE_LABELS] ?? r.scope}: ${r.scopeLabel || r.scopeKey}`,
      sortValue: (r) => r.scopeLabel || r.scopeKey,
      className: "whitespace-normal break-words",
    },
    {
      id: "value",
      header: "Value (peak)",
      cell: (r) =>
        `${kpiValue(r.value, unitOf(r.metric))} (${kpiValue(r.peakValue, unitOf(r.metric))}); threshold ${kpiValue(r.threshold, unitOf(r.metric))}`,
      sortValue: (r) => r.value,
      className: "whitespace-normal",
    },
    {
      id: "state",
      header: "State",
      cell: (r) => (
        <Badge tone={STATE_TONE[r.state] ?? "neutral"} dot>
          {r.state}
        </Badge>
      ),
      sortValue: (r) => r.state,
    },
    {
      id: "raised",
      header: "Raised",
      cell: (r) => <RelativeTime value={r.raisedAt} never="not yet" />,
      sortValue: (r) => r.raisedAt?.getTime() ?? 0,
    },
    {
      id: "ack",
      header: "Acknowledged",
      hideable: false,
      cell: (r) =>
        r.acknowledgedAt ? (
          <span className="text-sm">
            {r.acknowledgedBy}, <RelativeTime value={r.acknowledgedAt} />
          </span>
        ) : canAck && r.state !== "pending" ? (
          <Button
            variant="secondary"
            onClick={() => ack(r.id)}
            disabled={busy}
            aria-label={`Acknowledge ${r.ruleName} on ${r.scopeLabel || r.scopeKey}`}
          >
            Acknowledge
          </Button>
        ) : (
          "—"
        ),
    },
  ];
}

/** Alarms matching the filter, newest first, with acknowledgement for operators who may. */
export function AlarmsTable({ filter, canAck }: { filter: AlarmListFilter; canAck: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(
    trpc.alarms.list.queryOptions({ limit: 200, ...filter }, { refetchInterval: DASHBOARD_REFRESH_MS }),
  );
  const ack = useMutation(
    trpc.alarms.acknowledge.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.alarms.pathFilter());
        await queryClient.invalidateQueries(trpc.monitoring.status.pathFilter());
      },
    }),
  );
  return (
    <div className="space-y-2">
      {ack.error ? (
        <p role="alert" className="text-sm text-red-700">
          {ack.error.message}
        </p>
      ) : null}
      <DataTable
        label="Alarms"
        columns={columns(canAck, (id) => ack.mutate({ id }), ack.isPending)}
        rows={list.data?.rows}
        getRowId={(r) => String(r.id)}
        loading={list.isPending}
        error={list.error?.message}
        empty="No alarms match"
        rowTestId={(r) => `alarm-${r.id}`}
        persistKey="alarms"
      />
    </div>
  );
}
