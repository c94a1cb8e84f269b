"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "./error-message";

/** Enable / disable (confirmed) and reset password, for one operator row. */
export function OperatorActions({
  operator,
  isSelf,
  onResetPassword,
}: {
  operator: { id: number; username: string; disabled: boolean };
  isSelf: boolean;
  onResetPassword: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const setDisabled = useMutation(
    trpc.operators.setDisabled.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.operators.list.queryKey() }),
      onSuccess: () => setConfirming(false),
    }),
  );
  const who = operator.username;

  return (
    <div className="text-right">
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
      {setDisabled.error ? (
        <p role="alert" className="mt-1 text-sm whitespace-normal text-red-700">
          {errorMessage(setDisabled.error)}
        </p>
      ) : null}
      <ConfirmDialog
        open={confirming}
        danger
        title={`Disable ${who}?`}
        description={`${who} is signed out at their next request and cannot sign in until an admin enables the account again.`}
        confirmText="Confirm disable"
        busy={setDisabled.isPending}
        onConfirm={() => setDisabled.mutate({ id: operator.id, disabled: true })}
        onCancel={() => setConfirming(false)}
      />
    </div>
  );
}
