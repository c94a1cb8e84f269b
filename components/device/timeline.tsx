"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { clsx } from "clsx";
import { useState } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import { Button } from "@/components/ui/button";
import type { AppRouter } from "@/server/api/root";
import { ActivityChart } from "./activity-chart";
import { useTimelineFeed, type TimelineFilter as Filter } from "./timeline-feed";
import { collapsePeriodicRuns } from "./timeline-runs";

type Item = inferRouterOutputs<AppRouter>["device"]["timeline"]["items"][number];

const FILTERS: { value: Filter; label: string }[] = [
  { value: "informs", label: "Informs" },
  { value: "tasks", label: "Tasks" },
  { value: "operator", label: "Operator actions" },
  { value: "faults", label: "Faults" },
];

const clock = (d: Date) => d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

const KIND_LABEL: Record<string, string> = {
  inform: "Inform",
  task: "Task queued",
  "task-end": "Task",
  event: "Event",
  fault: "Fault",
  audit: "Operator",
};

const KIND_TONE: Record<string, string> = {
  inform: "bg-sky-500",
  task: "bg-slate-400",
  "task-end": "bg-emerald-500",
  event: "bg-violet-500",
  fault: "bg-red-500",
  audit: "bg-amber-500",
};

function describe(item: Item): string {
  const d = item.detail;
  const text = (k: string) => {
    const v = d[k];
    return typeof v === "string" || typeof v === "number" ? String(v) : "";
  };
  switch (item.kind) {
    case "inform": {
      const keys = ((d.commandKeys as string[] | undefined) ?? []).filter(Boolean);
      return keys.length ? `command key ${keys.join(", ")}` : "";
    }
    case "task":
      return `by ${text("createdBy")}`;
    case "task-end":
      return d.state === "fault" ? `fault ${text("faultCode")}: ${text("faultString")}` : text("state");
    case "audit": {
      const after = d.after ? JSON.stringify(d.after) : "";
      const target = text("target");
      return `${text("operator") || "deleted operator"} ${target ? `on ${target}` : ""} ${after}`.trim();
    }
    case "event":
      return JSON.stringify(d.payload).slice(0, 160);
    default:
      return "";
  }
}

/**
 * Everything that happened to the device, newest first, under a chart of its recent activity; paged
 * on demand, filtered by kind on the server, new entries added on top as they arrive (only those are
 * read); runs of plain periodic informs are folded into one expandable row.
 */
export function Timeline({ deviceId }: { deviceId: number }) {
  const [filters, setFilters] = useState<Filter[]>([]);
  const query = useTimelineFeed(deviceId, filters);
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const toggle = (f: Filter) =>
    setFilters((current) => (current.includes(f) ? current.filter((c) => c !== f) : [...current, f]));
  return (
    <section
      aria-labelledby="timeline-heading"
      className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
    >
      <h2 id="timeline-heading" className="text-base font-semibold text-slate-900">
        Timeline
      </h2>
      <ActivityChart deviceId={deviceId} />
      <div role="group" aria-label="Show only" className="mt-2 flex flex-wrap gap-1.5">
        {FILTERS.map((f) => (
          <button
            key={f.value}
            type="button"
            aria-pressed={filters.includes(f.value)}
            onClick={() => toggle(f.value)}
            className="rounded-full border border-slate-300 px-2.5 py-0.5 text-xs text-slate-700 hover:bg-slate-50 aria-pressed:border-sky-700 aria-pressed:bg-sky-700 aria-pressed:text-white"
          >
            {f.label}
          </button>
        ))}
      </div>
      {query.isError ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          Could not load the timeline: {query.error.message}
        </p>
      ) : null}
      <ol aria-label="Timeline" className="mt-2 space-y-2">
        {collapsePeriodicRuns(items).map((entry) =>
          entry.type === "item" ? (
            <TimelineRow key={entry.item.key} item={entry.item} />
          ) : (
            <PeriodicRun key={entry.key} items={entry.items} />
          ),
        )}
      </ol>
      {query.hasNextPage ? (
        <Button
          variant="secondary"
          className="mt-3 w-full"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {query.isFetchingNextPage ? "Loading…" : "Older events"}
        </Button>
      ) : null}
      {query.data && items.length === 0 ? <p className="mt-2 text-sm text-slate-500">Nothing yet.</p> : null}
    </section>
  );
}

function TimelineRow({ item }: { item: Item }) {
  return (
    <li className="flex gap-2 text-sm">
      <span aria-hidden className={clsx("mt-1.5 size-2 shrink-0 rounded-full", KIND_TONE[item.kind])} />
      <div className="min-w-0">
        <div className="break-words">
          <span className="text-xs font-medium tracking-wide text-slate-500 uppercase">
            {KIND_LABEL[item.kind] ?? item.kind}
          </span>{" "}
          <span className="font-medium text-slate-900">{item.title}</span>
        </div>
        <div className="truncate text-xs text-slate-500">
          <RelativeTime value={item.at} /> {describe(item)}
        </div>
      </div>
    </li>
  );
}

/** "12 periodic informs 09:00–10:00", expandable to the informs themselves (newest first). */
function PeriodicRun({ items }: { items: Item[] }) {
  const [open, setOpen] = useState(false);
  const newest = items[0]!.at;
  const oldest = items[items.length - 1]!.at;
  return (
    <li className="text-sm">
      <div className="flex gap-2">
        <span aria-hidden className={clsx("mt-1.5 size-2 shrink-0 rounded-full", KIND_TONE.inform)} />
        <button
          type="button"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          className="text-left text-slate-700 hover:underline"
        >
          <span aria-hidden className="mr-1 text-slate-500">
            {open ? "▾" : "▸"}
          </span>
          {items.length} periodic informs {clock(oldest)}–{clock(newest)}
        </button>
      </div>
      {open ? (
        <ol aria-label={`${items.length} periodic informs`} className="mt-2 ml-4 space-y-2">
          {items.map((item) => (
            <TimelineRow key={item.key} item={item} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}
