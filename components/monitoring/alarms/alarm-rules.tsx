"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { ALARM_SCOPE_LABELS } from "@/lib/monitoring/alarm-schema";
import { findLineKpi, findStreamKpi } from "@/lib/monitoring/kpis";
import { useTRPC } from "@/trpc/react";
import type { AlarmRule } from "../use-monitoring";
import { formOf } from "./rule-form";
import { RuleDialog } from "./rule-dialog";

const kpiOf = (metric: string) => findStreamKpi(metric) ?? findLineKpi(metric);

function describe(r: AlarmRule): string {
  const kpi = kpiOf(r.metric);
  const side = r.operator === "lt" ? "<" : ">";
  const clear = r.clearThreshold === null ? "" : `, clears at ${r.clearThreshold}`;
  return `${kpi?.label ?? r.metric} ${side} ${r.threshold} ${kpi?.unit ?? ""} for ${r.raiseMinutes} min${clear}`;
}

/** Alarm rules; operators with alarms.write create, edit, disable and delete them (others only read). */
export function AlarmRules({ canWrite }: { canWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.alarms.rules.queryOptions({}));
  const [editing, setEditing] = useState<{ id: number | null; rule: AlarmRule | null } | null>(null);
  const [deleting, setDeleting] = useState<AlarmRule | null>(null);
  const invalidate = () => queryClient.invalidateQueries(trpc.alarms.pathFilter());
  const update = useMutation(trpc.alarms.updateRule.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(
    trpc.alarms.deleteRule.mutationOptions({
      onSuccess: async () => {
        setDeleting(null);
        await invalidate();
      },
    }),
  );

  const columns: DataColumn<AlarmRule>[] = [
    {
      id: "name",
      header: "Rule",
      rowHeader: true,
      hideable: false,
      cell: (r) => r.name,
      sortValue: (r) => r.name,
    },
    { id: "condition", header: "Condition", cell: describe, className: "whitespace-normal" },
    {
      id: "scope",
      header: "Scope",
      cell: (r) =>
        `${ALARM_SCOPE_LABELS[r.scope as keyof typeof ALARM_SCOPE_LABELS] ?? r.scope}${r.scopeKey ? ` ${r.scopeKey}` : ""}`,
      sortValue: (r) => r.scope,
    },
    { id: "severity", header: "Severity", cell: (r) => r.severity, sortValue: (r) => r.severity },
    {
      id: "enabled",
      header: "Enabled",
      cell: (r) => (
        <Badge tone={r.enabled ? "success" : "neutral"}>{r.enabled ? "Enabled" : "Disabled"}</Badge>
      ),
      sortValue: (r) => (r.enabled ? 1 : 0),
    },
    ...(canWrite
      ? [
          {
            id: "actions",
            header: "Actions",
            hideable: false,
            cell: (r: AlarmRule) => (
              <span className="flex gap-1">
                <Button
                  variant="ghost"
                  onClick={() => setEditing({ id: r.id, rule: r })}
                  aria-label={`Edit ${r.name}`}
                >
                  Edit
                </Button>
                <Button
                  variant="ghost"
                  disabled={update.isPending}
                  onClick={() => update.mutate({ id: r.id, patch: { enabled: !r.enabled } })}
                  aria-label={`${r.enabled ? "Disable" : "Enable"} ${r.name}`}
                >
                  {r.enabled ? "Disable" : "Enable"}
                </Button>
                <Button variant="ghost" onClick={() => setDeleting(r)} aria-label={`Delete ${r.name}`}>
                  Delete
                </Button>
              </span>
            ),
          },
        ]
      : []),
  ];

  return (
    <div className="space-y-2">
      {canWrite ? (
        <div className="flex justify-end">
          <Button onClick={() => setEditing({ id: null, rule: null })}>New rule</Button>
        </div>
      ) : null}
      {update.error ? (
        <p role="alert" className="text-sm text-red-700">
          {update.error.message}
        </p>
      ) : null}
      <DataTable
        label="Alarm rules"
        columns={columns}
        rows={rules.data}
        getRowId={(r) => String(r.id)}
        loading={rules.isPending}
        error={rules.error?.message}
        empty="No alarm rules"
        rowTestId={(r) => `alarm-rule-${r.id}`}
      />
      <RuleDialog
        open={editing !== null}
        id={editing?.id ?? null}
        initial={editing?.rule ? formOf(editing.rule) : null}
        onClose={() => setEditing(null)}
      />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete alarm rule?"
        description={`${deleting?.name ?? ""}: its alarms are deleted with it.`}
        confirmText="Delete rule"
        danger
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        onCancel={() => setDeleting(null)}
      />
    </div>
  );
}
