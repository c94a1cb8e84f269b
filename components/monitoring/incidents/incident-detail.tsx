"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatTimeFull } from "@/components/ui/charts";
import { LAYERS, type Layer } from "@/lib/monitoring/qoe";
import { useTRPC } from "@/trpc/react";
import { confidenceLabel, devicesHref, layerLabel, streamQualityHref, verdictLabel } from "../labels";
import { IncidentEvidencePanel } from "./incident-evidence";
import { incidentScope } from "./incident-scope";

const layerOf = (layer: string): Layer | undefined => LAYERS.find((l) => l === layer);

/** One incident: verdict, confidence, state, acknowledgement, then the evidence. */
export function IncidentDetail({ id, canAcknowledge }: { id: number; canAcknowledge: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery(trpc.incidents.get.queryOptions({ id }, { refetchInterval: 60_000 }));
  const channels = useQuery(trpc.topology.channels.queryOptions({}, { staleTime: 300_000 }));
  const nodes = useQuery(trpc.topology.accessNodes.queryOptions({ limit: 1000 }, { staleTime: 300_000 }));
  const ack = useMutation(
    trpc.incidents.acknowledge.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.incidents.pathFilter()),
    }),
  );
  if (q.error)
    return (
      <p role="alert" className="text-sm text-red-700">
        {q.error.message}
      </p>
    );
  const i = q.data;
  if (!i) return <p className="text-sm text-slate-600">Loading…</p>;
  const scope = incidentScope(
    i.verdict,
    i.evidence,
    new Map((channels.data ?? []).map((c) => [c.name, c.id])),
    new Map((nodes.data ?? []).map((n) => [n.name, n.id])),
  );
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1">
          <h1 id="incident-heading" className="text-xl font-semibold text-slate-900">
            {i.label}
          </h1>
          <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
            <Badge tone={i.state === "open" ? "danger" : "success"} dot>
              {i.state === "open" ? "Open" : "Resolved"}
            </Badge>
            <span>
              Verdict: <strong data-testid="incident-verdict">{verdictLabel(i.verdict)}</strong>
            </span>
            <span>
              Confidence: <strong data-testid="incident-confidence">{confidenceLabel(i.confidence)}</strong>
            </span>
            <span>Layer: {layerLabel(i.layer)}</span>
            <span>{i.impairedDevices} devices</span>
          </p>
          <p className="text-sm text-slate-600">
            From {formatTimeFull(i.startedAt)} to {formatTimeFull(i.resolvedAt ?? i.lastSeenAt)}
            {i.state === "open" ? " (still seen)" : ""} · location <code>{i.location}</code>
          </p>
        </div>
        <div className="flex flex-col items-end gap-1" aria-live="polite">
          {i.acknowledgedAt ? (
            <p className="text-sm text-slate-700" data-testid="incident-acknowledged">
              Acknowledged by {i.acknowledgedBy} at {formatTimeFull(i.acknowledgedAt)}
            </p>
          ) : canAcknowledge ? (
            <Button onClick={() => ack.mutate({ id })} disabled={ack.isPending}>
              Acknowledge
            </Button>
          ) : (
            <p className="text-sm text-slate-600">Not acknowledged</p>
          )}
          {ack.error ? <p className="text-sm text-red-700">{ack.error.message}</p> : null}
        </div>
      </div>
      {/* The scope needs the line-up and nodes (names to ids): linked once they are known. */}
      {channels.isPending || nodes.isPending ? null : (
        <p className="text-sm">
          <Link
            href={devicesHref({ dim: scope.dim, key: scope.key, range: "1h", layer: layerOf(i.layer) })}
            className="font-medium text-sky-800 underline underline-offset-2"
            data-testid="incident-drill-down"
          >
            Devices of {scope.label} impaired at {layerLabel(i.layer)}
          </Link>
        </p>
      )}
      <IncidentEvidencePanel evidence={i.evidence} scope={scope} />
      <section aria-labelledby="incident-devices-heading" className="space-y-2">
        <h2 id="incident-devices-heading" className="text-base font-semibold text-slate-900">
          Devices ({i.evidence.deviceCount})
        </h2>
        <ul className="grid gap-1 text-sm sm:grid-cols-2 lg:grid-cols-3" data-testid="incident-devices">
          {i.evidence.devices.map((d) => (
            <li key={d.id}>
              <Link href={streamQualityHref(d.id)} className="text-sky-800 underline underline-offset-2">
                {d.serial}
              </Link>{" "}
              <span className="text-slate-500">household {d.household}</span>
            </li>
          ))}
        </ul>
        {i.evidence.deviceCount > i.evidence.devices.length ? (
          <p className="text-xs text-slate-600">
            Showing {i.evidence.devices.length} of {i.evidence.deviceCount}.
          </p>
        ) : null}
      </section>
    </div>
  );
}
