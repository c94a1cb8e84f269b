"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { RelativeTime } from "@/components/devices/relative-time";
import { useTRPC } from "@/trpc/react";
import { StateBadge } from "./job-state-badge";
import { ProgressBar } from "./progress-bar";

/** Jobs move every second while they run; a 2 s poll keeps the bars moving without flooding the server. */
const REFRESH_MS = 2_000;

export function BulkJobsTable() {
  const trpc = useTRPC();
  const jobs = useQuery(trpc.bulk.list.queryOptions({ limit: 100 }, { refetchInterval: REFRESH_MS }));

  if (jobs.isPending) {
    return (
      <p role="status" className="text-sm text-slate-500">
        Loading bulk jobs…
      </p>
    );
  }
  if (jobs.isError) {
    return (
      <p role="alert" className="text-sm text-red-700">
        Could not load bulk jobs: {jobs.error.message}
      </p>
    );
  }
  if (jobs.data.length === 0) {
    return (
      <div role="status" className="rounded-lg border border-slate-200 bg-white px-4 py-12 text-center">
        <p className="font-medium text-slate-900">No bulk jobs yet</p>
        <p className="mt-1 text-sm text-slate-500">
          Select devices on the Devices page and choose “Bulk actions” to start one.
        </p>
      </div>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
      <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Bulk jobs">
        <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">
          <tr>
            <th scope="col" className="px-4 py-2.5">
              Job
            </th>
            <th scope="col" className="px-4 py-2.5">
              Action
            </th>
            <th scope="col" className="px-4 py-2.5">
              By
            </th>
            <th scope="col" className="px-4 py-2.5">
              Created
            </th>
            <th scope="col" className="px-4 py-2.5">
              State
            </th>
            <th scope="col" className="w-72 px-4 py-2.5">
              Progress
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {jobs.data.map((job) => (
            <tr key={job.id} className="hover:bg-slate-50">
              <td className="px-4 py-2.5 whitespace-nowrap">
                <Link href={`/bulk/${job.id}`} className="font-medium text-sky-800 hover:underline">
                  #{job.id}
                </Link>
              </td>
              <td className="max-w-sm truncate px-4 py-2.5 text-slate-800" title={job.description}>
                {job.description}
                <div className="text-xs text-slate-500">
                  {job.selectionKind === "search" ? "search result" : "selected devices"}
                </div>
              </td>
              <td className="px-4 py-2.5 text-slate-700">{job.createdBy}</td>
              <td className="px-4 py-2.5 whitespace-nowrap text-slate-700">
                <RelativeTime value={job.createdAt} />
              </td>
              <td className="px-4 py-2.5">
                <StateBadge state={job.state} />
              </td>
              <td className="px-4 py-2.5">
                <ProgressBar
                  compact
                  label={`Progress of job #${job.id}`}
                  done={job.succeeded}
                  failed={job.failed}
                  total={job.total}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
