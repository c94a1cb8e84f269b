"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { clsx } from "clsx";
import { RelativeTime } from "@/components/devices/relative-time";
import { Button } from "@/components/ui/button";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";

type Item = inferRouterOutputs<AppRouter>["device"]["timeline"]["items"][number];

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

/** Everything that happened to the device, newest first, paged on demand and refreshed live. */
export function Timeline({ deviceId }: { deviceId: number }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.device.timeline.infiniteQueryOptions(
      { id: deviceId, limit: 25 },
      // Refetched when the device's change stamp moves (useDeviceChanges), not on a timer.
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section
      aria-labelledby="timeline-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
    >
      <h2 id="timeline-heading" className="text-base font-semibold text-slate-900">
        Timeline
      </h2>
      {query.isError ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          Could not load the timeline: {query.error.message}
        </p>
      ) : null}
      <ol aria-label="Timeline" className="mt-2 space-y-2">
        {items.map((item) => (
          <li key={item.key} className="flex gap-2 text-sm">
            <span aria-hidden className={clsx("mt-1.5 size-2 shrink-0 rounded-full", KIND_TONE[item.kind])} />
            <div className="min-w-0">
              <div>
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
        ))}
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
