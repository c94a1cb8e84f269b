import type { WaveCounts } from "@/lib/firmware/wave-api";
import { WAVE_DEVICE_STATES } from "@/lib/firmware/wave-schema";
import { DEVICE_STATE_LABELS } from "../labels";

/** Devices per state; rolling back noted under rolled back, skipped only when there are any. */
export function WaveTotals({ counts }: { counts: WaveCounts }) {
  const shown = WAVE_DEVICE_STATES.filter(
    (s) => s !== "rolling_back" && (s !== "skipped" || counts.skipped > 0),
  );
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6" data-testid="wave-totals">
      {shown.map((s) => (
        <div key={s} className="rounded-md border border-slate-200 bg-white px-3 py-2">
          <dt className="text-xs text-slate-600">{DEVICE_STATE_LABELS[s]}</dt>
          <dd className="text-lg font-semibold text-slate-900" data-testid={`total-${s}`}>
            {counts[s]}
          </dd>
          {s === "rolled_back" && counts.rolling_back > 0 ? (
            <dd className="text-xs text-slate-600">and {counts.rolling_back} rolling back</dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
