import { clsx } from "clsx";

const STYLES: Record<string, string> = {
  queued: "bg-slate-100 text-slate-700 ring-slate-500/20",
  running: "bg-sky-50 text-sky-800 ring-sky-600/20",
  waiting: "bg-sky-50 text-sky-800 ring-sky-600/20",
  pending: "bg-slate-100 text-slate-700 ring-slate-500/20",
  done: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  failed: "bg-red-50 text-red-800 ring-red-600/20",
  cancelled: "bg-amber-50 text-amber-800 ring-amber-600/20",
};

/** A job or item state as a coloured pill; the text itself carries the meaning. */
export function StateBadge({ state }: { state: string }) {
  return (
    <span
      className={clsx(
        "inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        STYLES[state] ?? STYLES.queued,
      )}
    >
      {state}
    </span>
  );
}
