import { clsx } from "clsx";
import type { ReactNode } from "react";

export type BadgeTone = "success" | "neutral" | "info" | "warning" | "danger";

const TONES: Record<BadgeTone, string> = {
  success: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  neutral: "bg-slate-100 text-slate-700 ring-slate-500/20",
  info: "bg-sky-50 text-sky-800 ring-sky-600/20",
  warning: "bg-amber-50 text-amber-900 ring-amber-600/30",
  danger: "bg-red-50 text-red-800 ring-red-600/20",
};

const DOTS: Record<BadgeTone, string> = {
  success: "bg-emerald-500",
  neutral: "bg-slate-400",
  info: "bg-sky-500",
  warning: "bg-amber-500",
  danger: "bg-red-500",
};

/**
 * A short status label. The tone is decoration: the text must say the state on its own (colour is
 * never the only cue). Usage: <Badge tone="danger" dot>Failed</Badge>
 */
export function Badge({
  tone = "neutral",
  dot = false,
  className,
  children,
}: {
  tone?: BadgeTone;
  dot?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <span
      className={clsx(
        "inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        TONES[tone],
        className,
      )}
    >
      {dot ? <span aria-hidden className={clsx("size-1.5 rounded-full", DOTS[tone])} /> : null}
      {children}
    </span>
  );
}
