"use client";

import { useQueries } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import type { WaveDetail, WaveDeviceRow } from "@/lib/firmware/wave-api";
import { WAVE_DEVICE_STATES, type WaveDeviceState } from "@/lib/firmware/wave-schema";
import { useTRPC } from "@/trpc/react";
import { DEVICE_STATE_LABELS, stageName } from "../labels";
import { LIVE_MS } from "../use-waves";
import { DeviceStateBadge } from "../wave-state-badge";

const PAGE = 100;

function columns(stageNames: ReadonlyMap<number, string>): DataColumn<WaveDeviceRow>[] {
  return [
    {
      id: "serial",
      header: "Serial",
      hideable: false,
      rowHeader: true,
      sortValue: (d) => d.serialNumber,
      cell: (d) => (
        <Link href={`/devices/${d.deviceId}`} className="font-medium text-sky-800 hover:underline">
          {d.serialNumber}
        </Link>
      ),
    },
    { id: "model", header: "Model", sortValue: (d) => d.modelName, cell: (d) => d.modelName || "—" },
    {
      id: "stage",
      header: "Stage",
      sortValue: (d) => d.stage,
      cell: (d) => stageNames.get(d.stage) ?? stageName(d.stage),
    },
    {
      id: "state",
      header: "State",
      sortValue: (d) => d.state,
      cell: (d) => <DeviceStateBadge state={d.state} />,
    },
    {
      id: "version",
      header: "Version",
      sortValue: (d) => d.fromVersion,
      cell: (d) => `${d.fromVersion || "?"} → ${d.toVersion || "?"}`,
    },
    { id: "fault", header: "Fault", sortValue: (d) => d.faultCode, cell: (d) => d.faultCode ?? "—" },
    {
      id: "reason",
      header: "Reason",
      className: "min-w-48 max-w-md whitespace-normal break-words",
      cell: (d) => d.reason ?? "",
    },
    {
      id: "updated",
      header: "Updated",
      sortValue: (d) => d.updatedAt,
      cell: (d) => <RelativeTime value={d.updatedAt} />,
    },
  ];
}

/**
 * Every device of the wave with its outcome, filtered by state and stage on the server, a page at a
 * time ("Load more" follows nextAfter). The pages loaded refresh while the wave runs.
 */
export function WaveDevicesTable({ wave }: { wave: WaveDetail }) {
  const trpc = useTRPC();
  const [state, setState] = useState<WaveDeviceState | "">("");
  const [stage, setStage] = useState("");
  // The cursor of each loaded page; a filter change starts again from the first.
  const [afters, setAfters] = useState<number[]>([-1]);
  const running = wave.state === "running";
  const cols = useMemo(
    () => columns(new Map(wave.stages.map((s) => [s.index, s.name || stageName(s.index)]))),
    [wave.stages],
  );
  const pages = useQueries({
    queries: afters.map((after) =>
      trpc.waves.devices.queryOptions(
        {
          id: wave.id,
          after,
          limit: PAGE,
          ...(state ? { state } : {}),
          ...(stage ? { stage: Number(stage) } : {}),
        },
        { refetchInterval: running ? LIVE_MS : false },
      ),
    ),
  });
  const first = pages[0];
  const last = pages[pages.length - 1];
  const rows = first?.data ? pages.flatMap((p) => p.data?.items ?? []) : undefined;
  const failed = pages.find((p) => p.isError);
  const nextAfter = last?.data?.nextAfter ?? null;
  const reset = () => setAfters([-1]);

  const filters = (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
      <div className="flex items-center gap-2">
        <label htmlFor="wave-device-state" className="text-sm text-slate-700">
          State
        </label>
        <div className="w-36">
          <Select
            id="wave-device-state"
            value={state}
            onChange={(e) => {
              setState(e.target.value as WaveDeviceState | "");
              reset();
            }}
          >
            <option value="">All</option>
            {WAVE_DEVICE_STATES.map((s) => (
              <option key={s} value={s}>
                {DEVICE_STATE_LABELS[s]}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <div className="flex items-center gap-2">
        <label htmlFor="wave-device-stage" className="text-sm text-slate-700">
          Stage
        </label>
        <div className="w-32">
          <Select
            id="wave-device-stage"
            value={stage}
            onChange={(e) => {
              setStage(e.target.value);
              reset();
            }}
          >
            <option value="">All</option>
            {wave.stages.map((s) => (
              <option key={s.index} value={String(s.index)}>
                {s.name || stageName(s.index)}
              </option>
            ))}
          </Select>
        </div>
      </div>
    </div>
  );

  return (
    <div className="space-y-2">
      <DataTable
        label="Wave devices"
        persistKey="wave-devices"
        columns={cols}
        rows={rows}
        getRowId={(d) => String(d.deviceId)}
        rowTestId={(d) => `wave-device-${d.serialNumber}`}
        loading={first?.isPending ?? true}
        busy={pages.some((p) => p.isFetching)}
        error={failed?.error ? `Could not load the wave's devices: ${failed.error.message}` : undefined}
        empty={wave.state === "draft" ? "Devices are chosen when the wave starts" : "No devices"}
        toolbar={filters}
      />
      {nextAfter !== null ? (
        <Button
          variant="secondary"
          disabled={last?.isFetching}
          onClick={() => setAfters((a) => (a.includes(nextAfter) ? a : [...a, nextAfter]))}
        >
          {last?.isFetching ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}
