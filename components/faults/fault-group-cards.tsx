"use client";

import { RelativeTime } from "@/components/ui/relative-time";
import type { FaultGroupKey } from "@/lib/faults/group-key";
import { GroupActions } from "./group-actions";
import { faultCodeLabel, modelLabel, plural, taskLabel } from "./labels";
import type { FaultGroupRow } from "./use-faults";

/** The groups on a phone: one card each, counts and actions visible without sideways scrolling. */
export function FaultGroupCards({
  days,
  rows,
  canRetry,
  onRetry,
}: {
  days: number;
  rows: FaultGroupRow[];
  canRetry: boolean;
  onRetry: (group: FaultGroupKey) => void;
}) {
  if (rows.length === 0) return null;
  return (
    <ul aria-label="Fault groups" className="space-y-2">
      {rows.map((g) => (
        <li
          key={[g.code, g.task ?? "", g.manufacturer, g.productClass, g.modelName, g.softwareVersion].join(
            "\u0000",
          )}
          className="rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-xs"
        >
          <div className="font-medium text-slate-900">
            {g.code} · {faultCodeLabel(g.code)}
          </div>
          <div className="text-slate-700">{taskLabel(g.task)}</div>
          <div className="text-slate-700">
            {modelLabel(g)} · {g.softwareVersion || "—"}
          </div>
          <div className="mt-1 flex flex-wrap items-center justify-between gap-2">
            <span className="text-slate-600">
              {plural(g.devices, "device")} · {plural(g.occurrences, "fault")} ·{" "}
              <RelativeTime value={g.lastAt} />
            </span>
            <GroupActions group={g} days={days} canRetry={canRetry} onRetry={onRetry} />
          </div>
        </li>
      ))}
    </ul>
  );
}
