"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";

type Binding = NonNullable<inferRouterOutputs<AppRouter>["device"]["natTraversal"]["binding"]>;

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}

/** Answered / sent as "3 of 4 answered (75 %)"; nothing sent yet says so. */
function ratio(b: Binding): string {
  if (b.udpRequestsSent === 0) return "none sent yet";
  const pct = Math.round((100 * b.udpRequestsAnswered) / b.udpRequestsSent);
  return `${b.udpRequestsAnswered} of ${b.udpRequestsSent} answered (${pct} %)`;
}

/**
 * TR-111 NAT traversal: the public UDP mapping the box keeps open with the ACS's STUN server, and the
 * UDP connection requests sent through it. Refetched with the rest of the page when a task finishes.
 */
export function NatTraversalPanel({ deviceId }: { deviceId: number }) {
  const trpc = useTRPC();
  const nat = useQuery(trpc.device.natTraversal.queryOptions({ id: deviceId }));
  if (!nat.data) return null;
  const { binding: b, wakeBy, reportedAddress, stunEnabled } = nat.data;
  return (
    <section
      aria-labelledby="nat-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
    >
      <h2 id="nat-heading" className="mb-3 flex items-center gap-2 text-base font-semibold text-slate-900">
        NAT traversal
        {b ? (
          b.natDetected ? (
            <Badge tone="info">NAT detected</Badge>
          ) : (
            <Badge>No NAT</Badge>
          )
        ) : (
          <Badge>STUN off</Badge>
        )}
      </h2>
      {!b ? (
        <p className="text-sm text-slate-600">
          {stunEnabled
            ? "This device keeps no STUN binding with the ACS: connection requests go by HTTP."
            : "STUN is off on this ACS: connection requests go by HTTP."}
        </p>
      ) : (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-3">
          <Row label="Public mapping">
            <span className="font-mono">
              {b.address}:{b.port}
            </span>
          </Row>
          <Row label="Reported by the device">
            <span className="font-mono">{reportedAddress ?? "—"}</span>
          </Row>
          <Row label="Last keep-alive">
            <RelativeTime value={b.lastSeen} />
            {b.fresh ? null : <span className="text-xs text-amber-800"> (stale)</span>}
          </Row>
          <Row label="Binding changes">
            {b.changes}
            {b.changedAt ? (
              <span className="text-xs text-slate-500">
                {" "}
                (last <RelativeTime value={b.changedAt} />)
              </span>
            ) : null}
          </Row>
          <Row label="Connection requests">{wakeBy === "udp" ? "by UDP (via NAT binding)" : "by HTTP"}</Row>
          <Row label="UDP requests">{ratio(b)}</Row>
          <Row label="Last UDP request">
            <RelativeTime value={b.lastUdpRequestAt} />
          </Row>
          <Row label="Last latency">{b.lastUdpLatencyMs === null ? "—" : `${b.lastUdpLatencyMs} ms`}</Row>
          <Row label="Signed keep-alives">{b.authenticated ? "yes" : "no"}</Row>
        </dl>
      )}
    </section>
  );
}
