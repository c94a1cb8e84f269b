"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { drillDownHref, type FaultGroupKey } from "@/lib/faults/group-key";
import { modelLabel } from "./labels";
import type { FaultGroupRow } from "./use-faults";

/** A group's "Devices" link (the filtered list) and, for roles with tasks.write, its Retry button. */
export function GroupActions({
  group: g,
  days,
  canRetry,
  onRetry,
}: {
  group: FaultGroupRow;
  days: number;
  canRetry: boolean;
  onRetry: (group: FaultGroupKey) => void;
}) {
  const which = ` with fault ${g.code} on ${modelLabel(g)} ${g.softwareVersion}`;
  return (
    <div className="flex items-center gap-2">
      <Link
        href={drillDownHref({ ...g, days })}
        className="rounded px-1 py-1 text-sm font-medium text-sky-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600"
      >
        Devices<span className="sr-only">{which}</span>
      </Link>
      {canRetry && g.task ? (
        <Button
          variant="secondary"
          className="px-2 py-1"
          onClick={() => onRetry({ ...g, task: g.task!, days })}
        >
          Retry<span className="sr-only">{` failed ${g.task}${which}`}</span>
        </Button>
      ) : null}
    </div>
  );
}
