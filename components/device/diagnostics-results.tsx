"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import type { AppRouter } from "@/server/api/root";

export type DiagnosticsReading = NonNullable<inferRouterOutputs<AppRouter>["device"]["diagnostics"]>["ping"];
type Hop = DiagnosticsReading["hops"][number] & { n: number };

/** Where the last run stands, in words (the CPE reports 8 DIAGNOSTICS COMPLETE when it is done). */
export function DiagnosticsState({ reading }: { reading: DiagnosticsReading }) {
  const state = reading.values.DiagnosticsState ?? "None";
  if (state === "Requested")
    return (
      <p role="status" className="text-sm text-sky-800">
        Running on the device; results appear when it reports 8 DIAGNOSTICS COMPLETE…
      </p>
    );
  if (state === "None") return <p className="text-sm text-slate-600">Not run yet.</p>;
  if (state !== "Complete")
    return (
      <p role="alert" className="text-sm text-red-700">
        The device reported {state}.
      </p>
    );
  return <p className="text-sm text-emerald-700">Complete (host {reading.values.Host || "—"}).</p>;
}

export function PingResults({ reading }: { reading: DiagnosticsReading }) {
  const v = reading.values;
  if (v.DiagnosticsState !== "Complete") return null;
  return (
    <dl aria-label="Ping results" className="grid grid-cols-3 gap-2 text-sm sm:grid-cols-5">
      {[
        ["Success", v.SuccessCount],
        ["Failures", v.FailureCount],
        ["Average", `${v.AverageResponseTime ?? "—"} ms`],
        ["Minimum", `${v.MinimumResponseTime ?? "—"} ms`],
        ["Maximum", `${v.MaximumResponseTime ?? "—"} ms`],
      ].map(([label, value]) => (
        <div key={label}>
          <dt className="text-xs text-slate-600">{label}</dt>
          <dd className="font-mono">{value ?? "—"}</dd>
        </div>
      ))}
    </dl>
  );
}

/** RTTs arrive as text ("12" or "12,13,11" on TR-181 hops): sort by the first figure. */
const firstNumber = (rtt: string): number | null => {
  const n = Number.parseFloat(rtt);
  return Number.isFinite(n) ? n : null;
};

const HOP_COLUMNS: DataColumn<Hop>[] = [
  { id: "n", header: "#", cell: (h) => h.n, sortValue: (h) => h.n, hideable: false },
  {
    id: "host",
    header: "Host",
    cell: (h) => h.host || "—",
    sortValue: (h) => h.host,
    className: "font-mono",
  },
  {
    id: "address",
    header: "Address",
    cell: (h) => h.address || "—",
    sortValue: (h) => h.address,
    className: "font-mono",
  },
  { id: "rtt", header: "RTT (ms)", cell: (h) => h.rtt || "—", sortValue: (h) => firstNumber(h.rtt) },
];

export function TraceResults({ reading }: { reading: DiagnosticsReading }) {
  if (reading.values.DiagnosticsState !== "Complete") return null;
  const hops = reading.hops.map((h, i) => ({ ...h, n: i + 1 }));
  return (
    <DataTable
      label="Route hops"
      columns={HOP_COLUMNS}
      rows={hops}
      getRowId={(h) => String(h.n)}
      empty="The device reported no hops."
      maxHeight="max-h-96"
    />
  );
}
