"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form, useZodForm } from "@/components/ui/form";
import { Input, Select } from "@/components/ui/input";
import { diagnosticRequest, type DiagnosticKind } from "@/lib/devices/action-schemas";
import { useTRPC } from "@/trpc/react";
import { DiagnosticsState, PingResults, TraceResults } from "./diagnostics-results";
import { TaskProgress } from "./task-status";
import { latestTaskFor, useRefreshDevice, type DeviceTask } from "./use-device";

/** The form's part of device.diagnose's input (kind is the toggle above it, id the page's device). */
const diagnosticForm = diagnosticRequest.pick({ host: true, count: true });

const COUNTS = [1, 3, 4, 10, 30];

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
  const [kind, setKind] = useState<DiagnosticKind>("ping");
  const form = useZodForm(diagnosticForm, { defaultValues: { host: "", count: 4 } });
  const errors = form.formState.errors;
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
  const run = useMutation(trpc.device.diagnose.mutationOptions({ onSuccess }));

  if (query.isError)
    return (
      <p role="alert" className="text-sm text-red-700">
        Could not read the diagnostics: {query.error.message}
      </p>
    );
  if (!query.data) return <p className="text-sm text-slate-600">Loading…</p>;
  const reading = query.data[kind];
  const task = latestTaskFor(tasks, `${reading.object}DiagnosticsState`, ["SetParameterValues"]);

  return (
    <section aria-label="Diagnostics" className="space-y-3">
      <div className="flex gap-1" role="group" aria-label="Diagnostic">
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
        <Form
          aria-label={kind === "ping" ? "Run an IP ping" : "Run a traceroute"}
          onSubmit={form.handleSubmit((v) => run.mutate({ id: deviceId, kind, ...v }))}
          error={run.error?.message}
          className="space-y-2"
        >
          <div className="flex flex-wrap items-start gap-2">
            <Field id="diag-host" label="Host" error={errors.host?.message} className="min-w-40 flex-1">
              <Input {...form.register("host")} placeholder="e.g. 192.0.2.1" className="h-9" />
            </Field>
            <Field
              id="diag-count"
              label={kind === "ping" ? "Repetitions" : "Max hops"}
              error={errors.count?.message}
            >
              <Select {...form.register("count", { valueAsNumber: true })} className="h-9 w-20">
                {COUNTS.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </Select>
            </Field>
            {/* Aligned with the controls, below the labels. */}
            <Button type="submit" disabled={run.isPending} className="mt-6 h-9">
              Run {kind === "ping" ? "ping" : "traceroute"}
            </Button>
          </div>
        </Form>
      ) : null}
      {task && task.state !== "done" ? <TaskProgress task={task} online={online} /> : null}
      <DiagnosticsState reading={reading} />
      {kind === "ping" ? <PingResults reading={reading} /> : <TraceResults reading={reading} />}
    </section>
  );
}
