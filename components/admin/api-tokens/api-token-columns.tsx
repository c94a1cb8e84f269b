"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { DataColumn } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ApiTokenState } from "@/lib/api-tokens/schemas";
import { ROLE_LABELS } from "@/lib/operators/schemas";
import type { AppRouter } from "@/server/api/root";
import { PERMISSION_LABELS } from "../permission-labels";
import { RevokeTokenButton } from "./revoke-token-button";

export type ApiTokenRow = inferRouterOutputs<AppRouter>["apiTokens"]["list"][number];

const STATES: Record<ApiTokenState, { label: string; tone: BadgeTone }> = {
  active: { label: "Active", tone: "success" },
  expired: { label: "Expired", tone: "warning" },
  revoked: { label: "Revoked", tone: "neutral" },
};

const toDate = (v: Date | string | null) => (v ? new Date(v) : null);

export const apiTokenColumns: DataColumn<ApiTokenRow>[] = [
  {
    id: "token",
    header: "Token",
    hideable: false,
    rowHeader: true,
    sortValue: (t) => t.name,
    cell: (t) => (
      <div>
        <div className="font-medium text-slate-900">{t.name}</div>
        <div className="font-mono text-xs text-slate-600">vtk_{t.prefix}…</div>
      </div>
    ),
  },
  {
    id: "role",
    header: "Role (scopes)",
    sortValue: (t) => ROLE_LABELS[t.role],
    cell: (t) => (
      <span title={t.permissions.map((p) => PERMISSION_LABELS[p]).join("\n")}>
        {ROLE_LABELS[t.role]}{" "}
        <span className="text-xs text-slate-600">({t.permissions.length} permissions)</span>
      </span>
    ),
  },
  {
    id: "state",
    header: "State",
    sortValue: (t) => STATES[t.state].label,
    cell: (t) => (
      <Badge tone={STATES[t.state].tone} dot>
        {STATES[t.state].label}
      </Badge>
    ),
  },
  {
    id: "lastUsed",
    header: "Last used",
    sortValue: (t) => toDate(t.lastUsedAt),
    cell: (t) => <RelativeTime value={toDate(t.lastUsedAt)} never="never used" />,
  },
  {
    id: "expires",
    header: "Expires",
    sortValue: (t) => toDate(t.expiresAt),
    cell: (t) => <RelativeTime value={toDate(t.expiresAt)} never="never expires" />,
  },
  {
    id: "rateLimit",
    header: "Rate limit",
    sortValue: (t) => t.rateLimit,
    cell: (t) => `${t.rateLimit.toLocaleString("en")}/min`,
  },
  {
    id: "created",
    header: "Created",
    sortValue: (t) => toDate(t.createdAt),
    cell: (t) => (
      <div>
        <RelativeTime value={toDate(t.createdAt)} />
        <div className="text-xs text-slate-600">by {t.createdBy ?? "a deleted operator"}</div>
      </div>
    ),
  },
  {
    id: "actions",
    header: "Actions",
    hideable: false,
    cell: (t) => (t.state === "revoked" ? null : <RevokeTokenButton token={t} />),
  },
];
