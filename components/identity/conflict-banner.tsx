"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import { useTRPC } from "@/trpc/react";
import { DecideButtons } from "./decide-buttons";
import { DecisionMessage } from "./decision-message";
import { useDecideConflict } from "./use-identity";

/**
 * Shown at the top of a device's page while something claiming to be the device is refused: an
 * operator must say whether it is the real device after a factory reset or an impostor.
 */
export function ConflictBanner({ deviceId, canDecide }: { deviceId: number; canDecide: boolean }) {
  const trpc = useTRPC();
  const conflicts = useQuery(
    trpc.identity.deviceConflicts.queryOptions({ deviceId }, { refetchInterval: 10_000 }),
  );
  const decide = useDecideConflict();
  const open = conflicts.data?.find((c) => c.state === "open");
  if (!open) return <DecisionMessage message={decide.message} />;
  return (
    <section
      aria-label="Identity conflict"
      className="space-y-2 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-950"
    >
      <h2 className="font-semibold">Identity conflict: shared-credential BOOTSTRAP refused</h2>
      <p>
        Something informed as this device with <span className="font-mono">{open.eventCodes.join(", ")}</span>{" "}
        using only the shared CWMP credentials, while the device has its own. It was refused ({open.reason})
        and nothing is sent to it until an operator decides.
      </p>
      <p className="text-red-900">
        From <span className="font-mono">{open.remoteAddress || "an unknown address"}</span> · {open.attempts}{" "}
        {open.attempts === 1 ? "attempt" : "attempts"} · first <RelativeTime value={open.firstAt} />, last{" "}
        <RelativeTime value={open.lastAt} /> ·{" "}
        <Link href="/identity-conflicts" className="underline">
          all conflicts
        </Link>
      </p>
      {canDecide ? (
        <DecideButtons
          conflictId={open.id}
          serialNumber={open.serialNumber}
          disabled={decide.mutation.isPending}
          onDecide={(decision) => decide.mutation.mutate({ id: open.id, decision })}
        />
      ) : (
        <p className="text-red-900">An administrator or the NOC decides whether to accept or reject it.</p>
      )}
      <DecisionMessage message={decide.message} />
    </section>
  );
}
