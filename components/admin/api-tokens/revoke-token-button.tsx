"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";

/** Revoke one token after a confirmation: the integrator using it is refused from the next request. */
export function RevokeTokenButton({ token }: { token: { id: number; name: string; prefix: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation(
    trpc.apiTokens.revoke.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.apiTokens.list.queryKey() }),
      onSuccess: () => setConfirming(false),
    }),
  );

  return (
    <div className="text-right">
      <Button variant="secondary" aria-label={`Revoke ${token.name}`} onClick={() => setConfirming(true)}>
        Revoke
      </Button>
      {revoke.error ? (
        <p role="alert" className="mt-1 text-sm whitespace-normal text-red-700">
          {errorMessage(revoke.error)}
        </p>
      ) : null}
      <ConfirmDialog
        open={confirming}
        danger
        title={`Revoke ${token.name}?`}
        description={`Requests with vtk_${token.prefix}… are refused from now on. This cannot be undone: a new token has to be created and handed over.`}
        confirmText="Revoke token"
        busy={revoke.isPending}
        onConfirm={() => revoke.mutate({ id: token.id })}
        onCancel={() => setConfirming(false)}
      />
    </div>
  );
}
