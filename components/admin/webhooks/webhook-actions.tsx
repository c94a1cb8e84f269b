"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";

/** Enable / disable, send a test event, rotate the secret, delete (confirmed), for one subscription. */
export function WebhookActions({
  webhook,
  onDeliveries,
  onSecret,
}: {
  webhook: { id: number; name: string; enabled: boolean };
  onDeliveries: () => void;
  onSecret: (secret: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
  const update = useMutation(trpc.webhooks.update.mutationOptions({ onSettled: refresh }));
  const test = useMutation(trpc.webhooks.sendTest.mutationOptions({ onSettled: refresh }));
  const rotate = useMutation(
    trpc.webhooks.rotateSecret.mutationOptions({ onSuccess: (r) => onSecret(r.secret) }),
  );
  const remove = useMutation(
    trpc.webhooks.delete.mutationOptions({ onSettled: refresh, onSuccess: () => setDeleting(false) }),
  );
  const who = webhook.name;
  const error = update.error ?? test.error ?? rotate.error ?? remove.error;

  return (
    <div className="text-right">
      <span className="inline-flex flex-wrap justify-end gap-2">
        <Button variant="secondary" aria-label={`Deliveries of ${who}`} onClick={onDeliveries}>
          Deliveries
        </Button>
        <Button
          variant="secondary"
          aria-label={`Send a test event to ${who}`}
          onClick={() => test.mutate({ id: webhook.id })}
          disabled={test.isPending}
        >
          {test.isSuccess ? "Test queued" : "Send test"}
        </Button>
        <Button
          variant="secondary"
          aria-label={`${webhook.enabled ? "Disable" : "Enable"} ${who}`}
          onClick={() => update.mutate({ id: webhook.id, enabled: !webhook.enabled })}
          disabled={update.isPending}
        >
          {webhook.enabled ? "Disable" : "Enable"}
        </Button>
        <Button
          variant="secondary"
          aria-label={`Rotate the secret of ${who}`}
          onClick={() => rotate.mutate({ id: webhook.id })}
        >
          Rotate secret
        </Button>
        <Button variant="secondary" aria-label={`Delete ${who}`} onClick={() => setDeleting(true)}>
          Delete
        </Button>
      </span>
      {error ? (
        <p role="alert" className="mt-1 text-sm whitespace-normal text-red-700">
          {errorMessage(error)}
        </p>
      ) : null}
      <ConfirmDialog
        open={deleting}
        danger
        title={`Delete ${who}?`}
        description="Its delivery log goes with it and pending deliveries are not sent."
        confirmText="Confirm delete"
        busy={remove.isPending}
        onConfirm={() => remove.mutate({ id: webhook.id })}
        onCancel={() => setDeleting(false)}
      />
    </div>
  );
}
