"use client";

import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import type { DataColumn } from "@/components/ui/data-table";
import { formatAbsoluteTime } from "@/components/ui/relative-time-format";
import type { AppRouter } from "@/server/api/root";
import { AuditDiff } from "./audit-diff";

export type AuditRow = inferRouterOutputs<AppRouter>["audit"]["list"]["rows"][number];

const none = <span className="text-slate-500">—</span>;

/** Columns of the audit table; times in `timeZone`, the one the filters use. */
export function auditColumns(timeZone: string | null): DataColumn<AuditRow>[] {
  return [
    {
      id: "when",
      header: "When",
      hideable: false,
      className: "whitespace-nowrap text-slate-600",
      cell: (r) => <time dateTime={r.at.toISOString()}>{formatAbsoluteTime(r.at, timeZone ?? "UTC")}</time>,
    },
    {
      id: "operator",
      header: "Operator",
      // No operator: the system acted, or a sign-in failed for an unknown username.
      cell: (r) => r.operator?.username ?? none,
    },
    {
      id: "action",
      header: "Action",
      className: "font-mono text-xs whitespace-nowrap",
      cell: (r) => r.action,
    },
    {
      id: "device",
      header: "Device",
      cell: (r) =>
        r.device ? (
          <Link href={`/devices/${r.device.id}`} className="font-mono text-sky-800 hover:underline">
            {r.device.serialNumber}
          </Link>
        ) : (
          none
        ),
    },
    {
      id: "target",
      header: "Target",
      className: "max-w-xs font-mono text-xs break-words",
      cell: (r) => r.target || "—",
    },
    {
      id: "diff",
      header: "Before → after",
      className: "min-w-64 max-w-xl",
      cell: (r) => <AuditDiff before={r.before} after={r.after} />,
    },
  ];
}
