"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Select } from "@/components/ui/input";
import { ROLE_LABELS, type OperatorRole } from "@/lib/operators/schemas";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";
import { RoleOptions } from "./role-options";

/**
 * An operator's role. Choosing another role only proposes it: an arrow key on a focused select fires
 * change events, so the change is applied after the admin confirms it in a dialog. The select stays
 * on the stored role until then.
 */
export function RoleSelect({ operator }: { operator: { id: number; username: string; role: OperatorRole } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [proposed, setProposed] = useState<OperatorRole | null>(null);
  const changeRole = useMutation(
    trpc.operators.changeRole.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.operators.list.queryKey() }),
      onSuccess: () => setProposed(null),
    }),
  );
  const who = operator.username;

  return (
    <div>
      <Select
        aria-label={`Role of ${who}`}
        value={operator.role}
        disabled={changeRole.isPending}
        onChange={(e) => {
          const role = e.target.value as OperatorRole;
          if (role !== operator.role) setProposed(role);
        }}
        className="w-40 min-w-40"
      >
        <RoleOptions />
      </Select>
      {changeRole.error ? (
        <p role="alert" className="mt-1 text-sm text-red-700">
          {errorMessage(changeRole.error)}
        </p>
      ) : null}
      <ConfirmDialog
        open={proposed !== null}
        title={`Change the role of ${who}?`}
        description={
          proposed
            ? `${who} goes from ${ROLE_LABELS[operator.role]} to ${ROLE_LABELS[proposed]}. Their open sessions get the new role's permissions at their next request.`
            : ""
        }
        confirmText="Change role"
        busy={changeRole.isPending}
        onConfirm={() => {
          if (proposed) changeRole.mutate({ id: operator.id, role: proposed });
        }}
        onCancel={() => setProposed(null)}
      />
    </div>
  );
}
