"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { WINDOWS, type WindowDays } from "./labels";

/**
 * The time window as links (?days=…): shareable, the back button works, and the server page reads it.
 * Navigation between views of one page, so links with aria-current rather than a radio group.
 */
export function WindowPicker({ days }: { days: WindowDays }) {
  return (
    <nav aria-label="Time window" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
      {WINDOWS.map((w) => (
        <Link
          key={w.days}
          href={`/faults?days=${w.days}`}
          aria-current={w.days === days ? "page" : undefined}
          className={clsx(
            "rounded px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-sky-600",
            w.days === days ? "bg-sky-700 text-white" : "text-slate-700 hover:bg-slate-100",
          )}
        >
          {w.label}
        </Link>
      ))}
    </nav>
  );
}
