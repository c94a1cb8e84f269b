"use client";

import { useNow } from "./clock";
import { formatAbsoluteTime, formatRelativeTime } from "./relative-time-format";

/**
 * "5 minutes ago" with the absolute time (and its zone) in the title. Server and first client render
 * show the absolute time, so the HTML matches; the relative text follows once mounted. Usage:
 *   <RelativeTime value={row.lastInform} />      // null -> "never"
 */
export function RelativeTime({ value, never = "never" }: { value: Date | null; never?: string }) {
  const now = useNow();
  if (!value) return <span className="text-slate-500">{never}</span>;
  // Before mount: the UTC time, identical on server and client. After: the browser's zone.
  if (now === null) return <time dateTime={value.toISOString()}>{isoUtc(value)}</time>;
  return (
    <time dateTime={value.toISOString()} title={formatAbsoluteTime(value)}>
      {formatRelativeTime(value, now)}
    </time>
  );
}

function isoUtc(value: Date): string {
  return `${value.toISOString().replace("T", " ").slice(0, 19)} UTC`;
}
