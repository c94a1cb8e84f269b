"use client";

import type { ReactNode } from "react";
import { NotFoundMessage } from "@/components/ui/not-found-message";
import { useWave } from "../use-waves";
import { CompletionsChart } from "./completions-chart";
import { FailuresPanel } from "./failures-panel";
import { MulticastPanel } from "./multicast-panel";
import { StageTimeline } from "./stage-timeline";
import { useWaveActions } from "./use-wave-actions";
import { WaveActionsBar } from "./wave-actions";
import { WaveDevicesTable } from "./wave-devices-table";
import { WaveHeader } from "./wave-header";
import { WaveTotals } from "./wave-totals";

function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section
      aria-labelledby={id}
      className="min-w-0 space-y-2 rounded-lg border border-slate-200 bg-white p-4"
    >
      <h2 id={id} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

/**
 * One wave: header and actions, stage timeline, totals, completions over time, failures, and each
 * device's outcome. Everything refreshes every few seconds while the wave runs.
 */
export function WaveDetail({ id, canRollout }: { id: number; canRollout: boolean }) {
  const wave = useWave(id);
  const actions = useWaveActions(id);
  if (wave.isPending) return <p className="text-sm text-slate-600">Loading wave…</p>;
  if (wave.isError) {
    if (wave.error.data?.code === "NOT_FOUND") return <NotFoundMessage what="wave" />;
    return (
      <p role="alert" className="text-sm text-red-700">
        Could not load the wave: {wave.error.message}
      </p>
    );
  }
  const w = wave.data;
  const running = w.state === "running";
  return (
    <section aria-labelledby="wave-heading" className="space-y-4">
      <WaveHeader wave={w} actions={canRollout ? <WaveActionsBar wave={w} actions={actions} /> : null} />
      {actions.error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {actions.error}
        </p>
      ) : null}
      {actions.notice ? (
        <p role="status" className="text-sm text-slate-700">
          {actions.notice}
        </p>
      ) : null}
      <WaveTotals counts={w.counts} />
      <Panel id="wave-stages-heading" title="Stages">
        <StageTimeline
          wave={w}
          onRollback={canRollout ? (stage) => actions.setAsking({ rollbackStage: stage }) : undefined}
        />
      </Panel>
      <div className="grid gap-4 xl:grid-cols-2">
        <Panel id="wave-completions-heading" title="Completions">
          <CompletionsChart id={id} running={running} />
        </Panel>
        <Panel id="wave-failures-heading" title="Failures">
          <FailuresPanel id={id} running={running} />
        </Panel>
      </div>
      {w.delivery === "multicast" ? (
        <Panel id="wave-multicast-heading" title="Multicast session">
          <MulticastPanel id={id} running={running} />
        </Panel>
      ) : null}
      <Panel id="wave-devices-heading" title="Devices">
        <WaveDevicesTable wave={w} />
      </Panel>
    </section>
  );
}
