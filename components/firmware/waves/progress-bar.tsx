import { clsx } from "clsx";
import type { WaveCounts } from "@/lib/firmware/wave-api";
import { progressSegments, progressText } from "./labels";

/**
 * Verified, failed, rolled back and in-progress devices as one stacked bar over the total (the grey
 * rest is pending). The numbers are in the accessible name and, with `legend`, written below: the
 * colours are never the only cue.
 */
export function ProgressBar({
  counts,
  total,
  legend = false,
  className,
}: {
  counts: WaveCounts;
  total: number;
  legend?: boolean;
  className?: string;
}) {
  const segments = progressSegments(counts, total);
  const text = progressText(counts, total);
  return (
    <div className={clsx("min-w-32", className)}>
      <div
        role="img"
        aria-label={text}
        title={text}
        className="flex h-2.5 overflow-hidden rounded-full bg-slate-200"
      >
        {segments.map((s) =>
          s.percent > 0 ? (
            <span
              key={s.key}
              style={{ width: `${s.percent}%`, backgroundColor: s.color }}
              className="h-full"
            />
          ) : null,
        )}
      </div>
      {legend ? (
        <ul className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-700">
          {segments.map((s) => (
            <li key={s.key} className="flex items-center gap-1">
              <span aria-hidden className="size-2 rounded-full" style={{ backgroundColor: s.color }} />
              {s.count} {s.label.toLowerCase()}
            </li>
          ))}
          <li>of {total}</li>
        </ul>
      ) : (
        <p className="mt-0.5 text-xs text-slate-600" aria-hidden>
          {segments[0]?.count ?? 0}/{total} verified
          {segments[1]?.count ? `, ${segments[1].count} failed` : ""}
        </p>
      )}
    </div>
  );
}
