"use client";

import { useState } from "react";
import type { FaultGroupKey } from "@/lib/faults/group-key";
import { FaultChart } from "./fault-chart";
import { FaultGroupCards } from "./fault-group-cards";
import { FaultGroupsTable } from "./fault-groups-table";
import { plural, windowLabel, type WindowDays } from "./labels";
import { RetryGroupDialog } from "./retry-group-dialog";
import { useCanRetry, useFaultSummary, type RetryResultData } from "./use-faults";
import { WindowPicker } from "./window-picker";

/** The fleet faults page below its heading: window, totals, chart, groups, retry. */
export function FaultsView({ days }: { days: WindowDays }) {
  const summary = useFaultSummary(days);
  const canRetry = useCanRetry();
  const [retrying, setRetrying] = useState<FaultGroupKey | null>(null);
  const [done, setDone] = useState<RetryResultData | null>(null);
  const s = summary.data;
  const startRetry = (g: FaultGroupKey) => {
    setDone(null);
    setRetrying(g);
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <WindowPicker days={days} />
        <p className="text-sm text-slate-700" data-testid="fault-totals" aria-live="polite">
          {s
            ? `${plural(s.totals.occurrences, "fault")} on ${plural(s.totals.devices, "device")} in ${windowLabel(days)}`
            : "Counting…"}
        </p>
      </div>
      {done ? (
        <p
          role="status"
          className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
        >
          Queued {plural(done.retried.length, "task")} again
          {done.skipped.length > 0 ? `; ${plural(done.skipped.length, "device")} skipped` : ""}. The devices
          are woken now; offline ones take them at their next inform.
        </p>
      ) : null}
      {s ? <FaultChart summary={s} /> : null}
      {s?.truncated ? (
        <p className="text-sm text-amber-800">
          Showing the {s.groups.length} largest groups; smaller ones are left out.
        </p>
      ) : null}
      {/* Phones get cards (every count and action in view); wider screens the sortable table. */}
      <div className="sm:hidden">
        <FaultGroupCards days={days} rows={s?.groups ?? []} canRetry={canRetry} onRetry={startRetry} />
      </div>
      <div className={s && s.groups.length > 0 ? "hidden sm:block" : undefined}>
        <FaultGroupsTable
          days={days}
          rows={s?.groups}
          loading={summary.isPending}
          error={summary.error?.message}
          canRetry={canRetry}
          onRetry={startRetry}
        />
      </div>
      <RetryGroupDialog group={retrying} onClose={() => setRetrying(null)} onDone={setDone} />
    </div>
  );
}
