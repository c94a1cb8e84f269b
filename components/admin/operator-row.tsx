"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/devices/relative-time";
import type { AppRouter } from "@/server/api/root";
import { ROLE_LABELS, ROLES, type OperatorRole } from "@/server/operators/schemas";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";

export type OperatorRow = inferRouterOutputs<AppRouter>["operators"]["list"][number];

function Status({ operator }: { operator: OperatorRow }) {
  if (operator.disabled) return <Badge>Disabled</Badge>;
  if (operator.lockedUntil && new Date(operator.lockedUntil).getTime() > Date.now())
    return <Badge tone="info">Locked</Badge>;
  return <Badge tone="success">Enabled</Badge>;
}

export function OperatorRowView({
  operator,
  isSelf,
  onResetPassword,
}: {
  operator: OperatorRow;
  isSelf: boolean;
  onResetPassword: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.operators.list.queryKey() });
  const changeRole = useMutation(trpc.operators.changeRole.mutationOptions({ onSettled: refresh }));
  const setDisabled = useMutation(
    trpc.operators.setDisabled.mutationOptions({ onSettled: refresh, onSuccess: () => setConfirming(false) }),
  );
  const error = changeRole.error ?? setDisabled.error;
  const who = operator.username;

  return (
    <tr className={operator.disabled ? "bg-slate-50 text-slate-500" : undefined}>
      <td className="px-4 py-2.5 align-top">
        <div className="font-medium text-slate-900">{who}</div>
        <div className="text-xs text-slate-500">{operator.name || "—"}</div>
        {error ? (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {errorMessage(error)}
          </p>
        ) : null}
      </td>
      <td className="px-4 py-2.5 align-top">
        <Select
          aria-label={`Role of ${who}`}
          value={operator.role}
          disabled={changeRole.isPending}
          onChange={(e) => changeRole.mutate({ id: operator.id, role: e.target.value as OperatorRole })}
          className="w-40"
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </Select>
      </td>
      <td className="px-4 py-2.5 align-top">
        <Status operator={operator} />
      </td>
      <td className="px-4 py-2.5 align-top text-sm">
        <RelativeTime value={operator.lastLoginAt ? new Date(operator.lastLoginAt) : null} />
      </td>
      <td className="px-4 py-2.5 text-right align-top whitespace-nowrap">
        {confirming ? (
          <span className="inline-flex items-center gap-2">
            <span className="text-sm">Disable {who}?</span>
            <Button
              onClick={() => setDisabled.mutate({ id: operator.id, disabled: true })}
              disabled={setDisabled.isPending}
              className="bg-red-700 hover:bg-red-800"
            >
              Confirm disable
            </Button>
            <Button variant="ghost" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </span>
        ) : (
          <span className="inline-flex gap-2">
            {operator.disabled ? (
              <Button
                variant="secondary"
                aria-label={`Enable ${who}`}
                onClick={() => setDisabled.mutate({ id: operator.id, disabled: false })}
                disabled={setDisabled.isPending}
              >
                Enable
              </Button>
            ) : (
              <Button
                variant="secondary"
                aria-label={`Disable ${who}`}
                onClick={() => setConfirming(true)}
                disabled={isSelf}
                title={isSelf ? "You cannot disable your own account" : undefined}
              >
                Disable
              </Button>
            )}
            <Button variant="secondary" aria-label={`Reset password of ${who}`} onClick={onResetPassword}>
              Reset password
            </Button>
          </span>
        )}
      </td>
    </tr>
  );
}
