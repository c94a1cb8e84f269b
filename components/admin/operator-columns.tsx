"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { Badge } from "@/components/ui/badge";
import type { DataColumn } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import type { AppRouter } from "@/server/api/root";
import { ROLE_LABELS } from "@/lib/operators/schemas";
import { OperatorActions } from "./operator-actions";
import { RoleSelect } from "./role-select";

export type OperatorRow = inferRouterOutputs<AppRouter>["operators"]["list"][number];

function isLocked(operator: OperatorRow): boolean {
  return Boolean(operator.lockedUntil && new Date(operator.lockedUntil).getTime() > Date.now());
}

function Status({ operator }: { operator: OperatorRow }) {
  if (operator.disabled) return <Badge dot>Disabled</Badge>;
  if (isLocked(operator))
    return (
      <Badge tone="warning" dot>
        Locked
      </Badge>
    );
  return (
    <Badge tone="success" dot>
      Enabled
    </Badge>
  );
}

const toDate = (v: Date | string | null) => (v ? new Date(v) : null);

export function operatorColumns(
  currentOperatorId: number,
  onResetPassword: (op: OperatorRow) => void,
): DataColumn<OperatorRow>[] {
  return [
    {
      id: "operator",
      header: "Operator",
      hideable: false,
      sortValue: (op) => op.username,
      cell: (op) => (
        <div>
          <div className="font-medium text-slate-900">{op.username}</div>
          <div className="text-xs text-slate-600">{op.name || "—"}</div>
        </div>
      ),
    },
    {
      id: "role",
      header: "Role",
      sortValue: (op) => ROLE_LABELS[op.role],
      cell: (op) => <RoleSelect operator={op} />,
    },
    {
      id: "status",
      header: "Status",
      sortValue: (op) => (op.disabled ? "Disabled" : isLocked(op) ? "Locked" : "Enabled"),
      cell: (op) => <Status operator={op} />,
    },
    {
      id: "lastLogin",
      header: "Last sign-in",
      sortValue: (op) => toDate(op.lastLoginAt),
      cell: (op) => <RelativeTime value={toDate(op.lastLoginAt)} />,
    },
    {
      id: "actions",
      header: "Actions",
      hideable: false,
      cell: (op) => (
        <OperatorActions
          operator={op}
          isSelf={op.id === currentOperatorId}
          onResetPassword={() => onResetPassword(op)}
        />
      ),
    },
  ];
}
