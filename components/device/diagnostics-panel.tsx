"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { TaskProgress } from "./task-status";
import { latestTaskFor, useRefreshDevice, type DeviceTask } from "./use-device";

type Reading = NonNullable<inferRouterOutputs<AppRouter>["device"]["diagnostics"]>["ping"];
type Kind = "ping" | "traceroute";

function State({ reading }: { reading: Reading }) {
  const state = reading.values.DiagnosticsState ?? "None";
  if (state === "Requested")
    return (
      <p role="status" className="text-sm text-sky-800">
        Running on the device; results appear when it reports 8 DIAGNOSTICS COMPLETE…
      </p>
    );
  if (state === "None") return <p className="text-sm text-slate-500">Not run yet.</p>;
  if (state !== "Complete")
    return (
      <p role="alert" className="text-sm text-red-700">
        The device reported {state}.
      </p>
    );
  return <p className="text-sm text-emerald-700">Complete (host {reading.values.Host || "—"}).</p>;
}

function PingResults({ reading }: { reading: Reading }) {
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
          <dt className="text-xs text-slate-500">{label}</dt>
          <dd className="font-mono">{value ?? "—"}</dd>
        </div>
      ))}
    </dl>
  );
}

function TraceResults({ reading }: { reading: Reading }) {
  if (reading.values.DiagnosticsState !== "Complete") return null;
  return (
    <table aria-label="Route hops" className="w-full text-left text-xs">
      <thead className="text-slate-500">
        <tr>
          <th className="py-1">#</th>
          <th>Host</th>
          <th>Address</th>
          <th>RTT (ms)</th>
        </tr>
      </thead>
      <tbody className="font-mono">
        {reading.hops.map((h, i) => (
          <tr key={i} className="border-t border-slate-100">
            <td className="py-1">{i + 1}</td>
            <td>{h.host}</td>
            <td>{h.address}</td>
            <td>{h.rtt}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** IP ping and traceroute run by the CPE itself (TR-098 / TR-181 diagnostics objects). */
export function DiagnosticsPanel({
  deviceId,
  tasks,
  online,
  canWrite,
}: {
  deviceId: number;
  tasks: DeviceTask[] | undefined;
  online: boolean;
  canWrite: boolean;
}) {
  const trpc = useTRPC();
  const [kind, setKind] = useState<Kind>("ping");
  const [host, setHost] = useState("");
  const [count, setCount] = useState("4");
  const [error, setError] = useState<string | null>(null);
  const query = useQuery(
    trpc.device.diagnostics.queryOptions(
      { id: deviceId },
      {
        refetchInterval: (q) =>
          q.state.data &&
          [q.state.data.ping, q.state.data.traceroute].some((r) => r.values.DiagnosticsState === "Requested")
            ? 2_000
            : false,
        refetchIntervalInBackground: false,
      },
    ),
  );
  const onSuccess = useRefreshDevice();
  const run = useMutation(
    trpc.device.diagnose.mutationOptions({ onSuccess, onError: (e) => setError(e.message) }),
  );
  if (!query.data) return null;
  const reading = query.data[kind];
  const task = latestTaskFor(tasks, `${reading.object}DiagnosticsState`, ["SetParameterValues"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const n = Number(count);
    if (!host.trim()) return setError("Enter a host name or IP address");
    if (!Number.isInteger(n) || n < 1 || n > 64) return setError("Count must be a whole number from 1 to 64");
    setError(null);
    run.mutate({ id: deviceId, kind, host: host.trim(), count: n });
  }

  return (
    <section
      aria-labelledby="diag-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
    >
      <h2 id="diag-heading" className="mb-2 text-base font-semibold text-slate-900">
        Diagnostics
      </h2>
      <div className="mb-3 flex gap-1" role="group" aria-label="Diagnostic">
        {(["ping", "traceroute"] as const).map((k) => (
          <Button
            key={k}
            variant={k === kind ? "primary" : "ghost"}
            aria-pressed={k === kind}
            onClick={() => setKind(k)}
            className="h-8 text-xs"
          >
            {k === "ping" ? "IP ping" : "Traceroute"}
          </Button>
        ))}
      </div>
      {canWrite ? (
        <form onSubmit={submit} noValidate className="mb-3 flex flex-wrap items-end gap-2">
          <div className="flex-1">
            <label htmlFor="diag-host" className="block text-xs font-medium text-slate-700">
              Host
            </label>
            <Input
              id="diag-host"
              value={host}
              onChange={(e) => setHost(e.target.value)}
              placeholder="e.g. 8.8.8.8"
              className="h-9"
            />
          </div>
          <div>
            <label htmlFor="diag-count" className="block text-xs font-medium text-slate-700">
              {kind === "ping" ? "Repetitions" : "Max hops"}
            </label>
            <Select
              id="diag-count"
              value={count}
              onChange={(e) => setCount(e.target.value)}
              className="h-9 w-20"
            >
              {["1", "3", "4", "10", "30"].map((n) => (
                <option key={n}>{n}</option>
              ))}
            </Select>
          </div>
          <Button type="submit" disabled={run.isPending} className="h-9">
            Run {kind === "ping" ? "ping" : "traceroute"}
          </Button>
        </form>
      ) : null}
      {error ? (
        <p role="alert" className="mb-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {task && task.state !== "done" ? <TaskProgress task={task} online={online} /> : null}
      <State reading={reading} />
      {kind === "ping" ? <PingResults reading={reading} /> : <TraceResults reading={reading} />}
    </section>
  );
}
