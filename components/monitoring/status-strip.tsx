"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/trpc/react";
import { DASHBOARD_REFRESH_MS } from "./use-monitoring";

/** Open incidents and raised alarms, each a link to its page. */
export function StatusStrip() {
  const trpc = useTRPC();
  const status = useQuery(trpc.monitoring.status.queryOptions({}, { refetchInterval: DASHBOARD_REFRESH_MS }));
  const s = status.data;
  const raised = s?.alarms.reduce((a, b) => a + b.raised, 0) ?? 0;
  const unacked = s?.alarms.reduce((a, b) => a + b.unacknowledged, 0) ?? 0;
  return (
    <div className="grid gap-3 sm:grid-cols-2" aria-live="polite">
      <Link
        href="/incidents"
        className="rounded-lg border border-slate-200 bg-white p-4 hover:border-sky-400"
        data-testid="open-incidents-count"
      >
        <div className="text-sm text-slate-600">Open incidents</div>
        <div className="text-2xl font-semibold text-slate-900">{s ? s.openIncidents : "…"}</div>
      </Link>
      <Link
        href="/alarms"
        className="rounded-lg border border-slate-200 bg-white p-4 hover:border-sky-400"
        data-testid="raised-alarms-count"
      >
        <div className="text-sm text-slate-600">Raised alarms</div>
        <div className="text-2xl font-semibold text-slate-900">
          {s ? raised : "…"}
          {s && unacked > 0 ? (
            <span className="ml-2 text-sm font-normal text-amber-800">{unacked} not acknowledged</span>
          ) : null}
        </div>
        {s && s.alarms.length > 0 ? (
          <div className="text-xs text-slate-600">
            {s.alarms.map((a) => `${a.raised} ${a.severity}`).join(" · ")}
          </div>
        ) : null}
      </Link>
    </div>
  );
}
