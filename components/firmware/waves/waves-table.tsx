"use client";

import Link from "next/link";
import { useState } from "react";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { WAVE_STATES, type WaveSummary } from "@/lib/firmware/wave-api";
import { stageText, WAVE_STATE_LABELS, type WaveState } from "./labels";
import { ProgressBar } from "./progress-bar";
import { useWaveList } from "./use-waves";
import { WaveStateBadge } from "./wave-state-badge";

const COLUMNS: DataColumn<WaveSummary>[] = [
  {
    id: "name",
    header: "Name",
    hideable: false,
    rowHeader: true,
    className: "min-w-48 max-w-sm whitespace-normal break-words",
    sortValue: (w) => w.name,
    cell: (w) => (
      <Link href={`/waves/${w.id}`} className="font-medium text-sky-800 hover:underline">
        {w.name}
      </Link>
    ),
  },
  {
    id: "image",
    header: "Image",
    className: "max-w-xs whitespace-normal break-words",
    sortValue: (w) => w.image.version,
    cell: (w) => (
      <>
        {w.image.version}
        <div className="text-xs text-slate-600">
          {w.image.fileName}
          {w.method === "install" ? " (app install)" : ""}
        </div>
      </>
    ),
  },
  {
    id: "state",
    header: "State",
    sortValue: (w) => w.state,
    cell: (w) => <WaveStateBadge state={w.state} />,
  },
  {
    id: "progress",
    header: "Progress",
    className: "min-w-48",
    sortValue: (w) => (w.total > 0 ? w.counts.verified / w.total : 0),
    cell: (w) => <ProgressBar counts={w.counts} total={w.total} />,
  },
  {
    id: "stage",
    header: "Stage",
    sortValue: (w) => w.currentStage,
    cell: (w) => stageText(w.currentStage, w.stageCount, w.state),
  },
  {
    id: "created",
    header: "Created",
    sortValue: (w) => w.createdAt,
    cell: (w) => (
      <>
        <RelativeTime value={w.createdAt} />
        <div className="text-xs text-slate-600">by {w.createdBy}</div>
      </>
    ),
  },
];

/** Every wave with its state and progress; the state filter is the server's. */
export function WavesTable() {
  const [state, setState] = useState<WaveState | "">("");
  const list = useWaveList(state || undefined);
  return (
    <DataTable
      label="Waves"
      persistKey="waves"
      columns={COLUMNS}
      rows={list.data}
      getRowId={(w) => String(w.id)}
      rowHref={(w) => `/waves/${w.id}`}
      rowTestId={(w) => `wave-${w.id}`}
      loading={list.isPending}
      busy={list.isFetching}
      error={list.isError ? `Could not load waves: ${list.error.message}` : undefined}
      empty={state ? `No ${WAVE_STATE_LABELS[state].toLowerCase()} waves` : "No waves yet"}
      initialSort={{ id: "created", desc: true }}
      toolbar={
        <div className="flex items-center gap-2">
          <label htmlFor="wave-state-filter" className="text-sm text-slate-700">
            State
          </label>
          <div className="w-36">
            <Select
              id="wave-state-filter"
              value={state}
              onChange={(e) => setState(e.target.value as WaveState | "")}
            >
              <option value="">All</option>
              {WAVE_STATES.map((s) => (
                <option key={s} value={s}>
                  {WAVE_STATE_LABELS[s]}
                </option>
              ))}
            </Select>
          </div>
        </div>
      }
    />
  );
}
