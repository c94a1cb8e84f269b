"use client";

import { useMutation } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { useTRPC } from "@/trpc/react";
import { useRefreshDevice, type DeviceDetail } from "./use-device";

/**
 * "Bootstrap incomplete": the first full read of the tree failed, so the kind, IP address and other
 * attributes read from it may be defaults. Retry queues the full read again (device.refreshAll,
 * audited); the flag clears when a read of the whole tree completes.
 */
export function FullReadBanner({ device, canWrite }: { device: DeviceDetail; canWrite: boolean }) {
  const trpc = useTRPC();
  const onSuccess = useRefreshDevice();
  const retry = useMutation(trpc.device.refreshAll.mutationOptions({ onSuccess }));
  if (!device.fullReadFailedAt) return null;
  return (
    <div
      role="status"
      aria-labelledby="full-read-heading"
      className="flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950"
    >
      <Badge tone="warning" dot>
        <span id="full-read-heading">Bootstrap incomplete</span>
      </Badge>
      <span className="min-w-0 flex-1">
        The full read of this device&apos;s parameters failed (
        <RelativeTime value={device.fullReadFailedAt} />
        ). Kind, IP address and other values read from the tree may be missing or defaults.
      </span>
      {canWrite ? (
        <Button
          variant="secondary"
          disabled={retry.isPending || retry.isSuccess}
          onClick={() => retry.mutate({ id: device.id })}
        >
          {retry.isSuccess ? "Full read queued" : "Retry full read"}
        </Button>
      ) : null}
      {retry.error ? (
        <span role="alert" className="w-full text-red-800">
          {retry.error.message}
        </span>
      ) : null}
    </div>
  );
}
