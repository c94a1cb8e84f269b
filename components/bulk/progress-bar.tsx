import { clsx } from "clsx";

/** Done and failed segments over the total; an accessible progressbar whose value is the share finished. */
export function ProgressBar({
  done,
  failed,
  total,
  label,
  compact = false,
}: {
  done: number;
  failed: number;
  total: number;
  label: string;
  compact?: boolean;
}) {
  const finished = done + failed;
  const percent = total > 0 ? Math.min(100, Math.round((finished / total) * 100)) : 0;
  const share = (n: number) => `${total > 0 ? Math.min(100, (n / total) * 100) : 0}%`;
  return (
    <div className="space-y-1">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent} % — ${done} succeeded, ${failed} failed of ${total}`}
        className={clsx("flex w-full overflow-hidden rounded-full bg-slate-200", compact ? "h-2" : "h-3")}
      >
        <div className="bg-emerald-500" style={{ width: share(done) }} />
        <div className="bg-red-500" style={{ width: share(failed) }} />
      </div>
      <div className="flex justify-between text-xs text-slate-600">
        <span>
          <span className="text-emerald-700">{done.toLocaleString()} done</span>
          {" · "}
          <span className={failed ? "text-red-700" : undefined}>{failed.toLocaleString()} failed</span>
          {" · "}
          {total.toLocaleString()} total
        </span>
        <span>{percent} %</span>
      </div>
    </div>
  );
}
