"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { useTRPC } from "@/trpc/react";
import { JobItems } from "./job-items";
import { StateBadge } from "./job-state-badge";
import { ProgressBar } from "./progress-bar";

const REFRESH_MS = 2_000;

export function BulkJobDetail({ id }: { id: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.session.me.queryOptions(undefined, { staleTime: 60_000 }));
  const job = useQuery(
    trpc.bulk.get.queryOptions(
      { id },
      { refetchInterval: (q) => (q.state.data?.finishedAt ? false : REFRESH_MS), retry: false },
    ),
  );
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation(
    trpc.bulk.cancel.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        return queryClient.invalidateQueries({ queryKey: trpc.bulk.pathKey() });
      },
    }),
  );

  if (job.isPending) {
    return (
      <p role="status" className="text-sm text-slate-500">
        Loading bulk job…
      </p>
    );
  }
  if (job.isError) {
    return (
      <p role="alert" className="text-sm text-red-700">
        Could not load bulk job #{id}: {job.error.message}
      </p>
    );
  }
  const j = job.data;
  const open = j.state === "queued" || j.state === "running";
  const canCancel = open && !!me.data?.permissions.includes("devices.bulk");
  return (
    <section aria-labelledby="job-heading" className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <Link href="/bulk" className="text-sm text-sky-800 hover:underline">
            ← Bulk jobs
          </Link>
          <h1 id="job-heading" className="mt-1 text-xl font-semibold [overflow-wrap:anywhere] text-slate-900">
            Bulk job #{j.id}: {j.description}
          </h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <StateBadge state={j.state} />
            <span>
              by {j.createdBy}, <RelativeTime value={j.createdAt} />
            </span>
            <span>· {j.selectionKind === "search" ? "search result" : "selected devices"}</span>
            {j.throttle ? (
              <span>
                · {j.throttle.perSecond}/s, at most {j.throttle.maxOutstanding} devices outstanding
              </span>
            ) : null}
          </p>
          {j.stopReason ? (
            <p
              role="alert"
              className="mt-2 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
            >
              {j.stopReason}
            </p>
          ) : null}
        </div>
        {canCancel ? (
          confirming ? (
            <div role="group" aria-label="Confirm cancel" className="flex items-center gap-2">
              <span className="text-sm text-slate-700">Cancel devices not started yet?</span>
              <Button variant="secondary" onClick={() => setConfirming(false)} disabled={cancel.isPending}>
                Keep running
              </Button>
              <Button
                className="bg-red-700 hover:bg-red-800"
                onClick={() => cancel.mutate({ id })}
                disabled={cancel.isPending}
              >
                Cancel job
              </Button>
            </div>
          ) : (
            <Button variant="secondary" onClick={() => setConfirming(true)}>
              Cancel job…
            </Button>
          )
        ) : null}
      </div>
      {cancel.error ? (
        <p role="alert" className="text-sm text-red-700">
          {cancel.error.message}
        </p>
      ) : null}
      <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
        <ProgressBar label="Job progress" done={j.succeeded} failed={j.failed} total={j.total} />
        <p className="mt-2 text-xs text-slate-500" aria-live="polite">
          {j.counts.waiting > 0 ? `${j.counts.waiting} waiting for their device · ` : ""}
          {j.counts.pending > 0 ? `${j.counts.pending} not started · ` : ""}
          {j.counts.cancelled > 0 ? `${j.counts.cancelled} cancelled · ` : ""}
          {!j.expanded && open ? "still collecting the devices of the search · " : ""}
          {j.finishedAt ? (
            <>
              finished <RelativeTime value={j.finishedAt} />
            </>
          ) : j.counts.waiting > 0 ? (
            "offline devices run their tasks at their next inform"
          ) : (
            "running"
          )}
        </p>
      </div>
      <JobItems
        id={id}
        live={!j.finishedAt}
        version={`${j.state}:${j.total}:${Object.values(j.counts).join(",")}`}
      />
    </section>
  );
}
