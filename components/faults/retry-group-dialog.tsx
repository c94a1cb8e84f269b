"use client";

import { useQuery } from "@tanstack/react-query";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { FaultGroupKey } from "@/lib/faults/group-key";
import { useTRPC } from "@/trpc/react";
import { plural } from "./labels";
import { reasonKind, retrySentence, skippedByReason } from "./retry-summary";
import { useRetryGroup, type RetryResultData } from "./use-faults";

/**
 * Confirmation of a group retry: the count comes from the server's preview (the same plan the retry
 * runs), with the tasks that will not be retried and why.
 */
export function RetryGroupDialog({
  group,
  onClose,
  onDone,
}: {
  group: FaultGroupKey | null;
  onClose: () => void;
  onDone: (result: RetryResultData) => void;
}) {
  const trpc = useTRPC();
  const preview = useQuery({
    ...trpc.faults.retryPreview.queryOptions(group ?? PLACEHOLDER),
    enabled: group !== null,
    staleTime: 0,
  });
  const retry = useRetryGroup((result) => {
    onDone(result);
    onClose();
  });
  const p = preview.data;
  const skipped = p ? skippedByReason(p.skipped.map((s) => ({ reason: reasonKind(s.reason) }))) : [];
  const description = !group ? null : preview.error ? (
    <span role="alert">{preview.error.message}</span>
  ) : !p ? (
    "Counting the failed tasks…"
  ) : (
    <>
      <span className="block">{retrySentence(group.task, p)}</span>
      {skipped.length > 0 ? (
        <span className="mt-2 block">
          Not retried:
          <span className="mt-1 block space-y-1">
            {skipped.map((s) => (
              <span key={s.reason} className="block">
                {plural(s.count, "device")}: {s.reason}
              </span>
            ))}
          </span>
        </span>
      ) : null}
      {retry.error ? (
        <span role="alert" className="mt-2 block text-red-700">
          {retry.error.message}
        </span>
      ) : null}
    </>
  );
  return (
    <ConfirmDialog
      open={group !== null}
      title={group ? `Retry ${group.task} (fault ${group.code})?` : ""}
      description={description}
      confirmText={p && p.retryable > 0 ? `Retry ${plural(p.retryable, "task")}` : "Retry"}
      busy={!p || p.retryable === 0 || retry.isPending}
      onConfirm={() => group && retry.mutate(group)}
      onCancel={onClose}
    />
  );
}

// The query needs an input even while disabled; it is never sent.
const PLACEHOLDER: FaultGroupKey = {
  days: 1,
  code: 0,
  task: "-",
  manufacturer: "",
  productClass: "",
  modelName: "",
  softwareVersion: "",
};
