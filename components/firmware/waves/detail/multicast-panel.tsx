"use client";

import type { WaveMulticast } from "@/lib/firmware/wave-api";
import { formatBytes } from "../../images/format";
import { useWaveMulticast } from "../use-waves";

const SESSION_STATE_LABELS: Record<NonNullable<WaveMulticast["session"]>["state"], string> = {
  pending: "Starting",
  sending: "Sending",
  done: "Done",
  failed: "Failed",
  stopped: "Stopped",
};

function Item({ label, value, testId }: { label: string; value: string | number; testId: string }) {
  return (
    <div className="rounded-md border border-slate-200 px-3 py-2">
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="font-semibold break-words text-slate-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/**
 * A multicast wave's FLUTE carousel: its state, group, TSI, rate, passes and bytes sent, the devices
 * that completed through it and those retried over HTTP, with the faults of their multicast attempts.
 */
export function MulticastPanel({ id, running }: { id: number; running: boolean }) {
  const q = useWaveMulticast(id, running);
  if (q.isPending) return <p className="text-sm text-slate-600">Loading the multicast session…</p>;
  if (q.isError)
    return (
      <p role="alert" className="text-sm text-red-700">
        Could not load the multicast session: {q.error.message}
      </p>
    );
  const { session, receiving, completed, fellBack, fellBackVerified, reasons } = q.data;
  return (
    <div className="space-y-3">
      {session ? (
        <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4" data-testid="multicast-session">
          <Item label="State" value={SESSION_STATE_LABELS[session.state]} testId="multicast-state" />
          <Item label="Group" value={`${session.group}:${session.port}`} testId="multicast-group" />
          <Item label="TSI" value={session.tsi} testId="multicast-tsi" />
          <Item
            label="Rate"
            value={`${(session.rateKbps / 1000).toLocaleString("en")} Mbit/s`}
            testId="multicast-rate"
          />
          <Item label="Passes" value={session.passes} testId="multicast-passes" />
          <Item
            label="Sent"
            value={`${formatBytes(session.bytesSent)} (image ${formatBytes(session.imageSize)})`}
            testId="multicast-bytes"
          />
          <Item
            label="FLUTE version"
            value={session.version === 1 ? "v1 (RFC 3926)" : "v2 (RFC 6726)"}
            testId="multicast-version"
          />
          <Item label="Sender" value={session.ownerNode ?? "—"} testId="multicast-node" />
        </dl>
      ) : (
        <p className="text-sm text-slate-600">No session yet: it starts with the first stage.</p>
      )}
      {session?.lastError ? (
        <p role="alert" className="text-sm text-red-700">
          The carousel failed: {session.lastError}. Devices get the image over HTTP meanwhile.
        </p>
      ) : null}
      <dl className="grid grid-cols-3 gap-2 text-sm">
        <Item label="Receiving" value={receiving} testId="multicast-receiving" />
        <Item label="Receivers completed" value={completed} testId="multicast-completed" />
        <Item
          label="Fell back to HTTP"
          value={`${fellBack} (${fellBackVerified} verified)`}
          testId="multicast-fell-back"
        />
      </dl>
      {reasons.length > 0 ? (
        <ul className="list-disc pl-5 text-sm text-slate-700" data-testid="multicast-reasons">
          {reasons.map((r) => (
            <li key={`${r.faultCode ?? ""}-${r.reason}`}>
              {r.faultCode ?? "—"} {r.reason}: {r.count}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
