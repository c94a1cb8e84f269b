"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { RANGES, type Range } from "@/lib/monitoring/query-api";
import { RANGE_LABELS } from "./labels";

/**
 * The time range as links (?range=…, other parameters kept): shareable, Back works, the server page
 * reads it. Navigation between views of one page, so links with aria-current, not a radio group.
 */
export function RangePicker({
  range,
  path,
  params = {},
}: {
  range: Range;
  path: string;
  params?: Record<string, string>;
}) {
  return (
    <nav aria-label="Time range" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
      {RANGES.map((r) => (
        <Link
          key={r}
          href={`${path}?${new URLSearchParams({ ...params, range: r }).toString()}`}
          aria-current={r === range ? "page" : undefined}
          className={clsx(
            "rounded px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-sky-600",
            r === range ? "bg-sky-700 text-white" : "text-slate-700 hover:bg-slate-100",
          )}
        >
          {RANGE_LABELS[r]}
        </Link>
      ))}
    </nav>
  );
}
