"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { useTRPC } from "@/trpc/react";
import { ConfirmButton } from "./confirm-button";
import { useDeviceProfiles } from "./profile-ownership";
import { STATUS_TONE, statusText, versionText, waitingText, type DeviceProfileView } from "./profile-status";

/** Why the profile is not simply converged: its last error, the rows another profile won, or the wait. */
function Details({ row }: { row: DeviceProfileView }) {
  return (
    <div className="space-y-1 text-xs">
      {!row.state ? <p className="text-slate-600">{waitingText(row.triggers)}</p> : null}
      {row.state?.lastError ? (
        <p className="whitespace-pre-wrap text-red-700 [overflow-wrap:anywhere]">{row.state.lastError}</p>
      ) : null}
      {row.overridden.length > 0 ? (
        <ul aria-label={`Rows of ${row.name} another profile owns`} className="text-slate-600">
          {row.overridden.map((o) => (
            <li key={o.path} className="[overflow-wrap:anywhere]">
              <span className="font-mono">{o.path}</span> owned by {o.by}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function Failures({ row }: { row: DeviceProfileView }) {
  if (!row.state) return null;
  return (
    <span className="text-xs">
      {row.state.drifts} {row.state.drifts === 1 ? "drift" : "drifts"}, {row.state.failures}{" "}
      {row.state.failures === 1 ? "failure" : "failures"}
      {row.state.nextAttemptAt ? (
        <span className="block text-slate-600">
          next attempt <RelativeTime value={row.state.nextAttemptAt} />
        </span>
      ) : null}
    </span>
  );
}

function columns(
  canApply: boolean,
  apply: (row: DeviceProfileView) => void,
): DataColumn<DeviceProfileView>[] {
  const list: DataColumn<DeviceProfileView>[] = [
    {
      id: "name",
      header: "Profile",
      rowHeader: true,
      hideable: false,
      cell: (r) => (
        <div className="min-w-36">
          <Link href={`/profiles/${r.profileId}`} className="font-medium text-sky-700 hover:underline">
            {r.name}
          </Link>
          <span className="block text-xs text-slate-600">
            priority {r.priority} · {versionText(r)}
          </span>
        </div>
      ),
      sortValue: (r) => r.name,
      className: "whitespace-normal [overflow-wrap:anywhere]",
    },
    {
      id: "status",
      header: "Status",
      cell: (r) => (
        <div>
          {r.state ? (
            <Badge tone={STATUS_TONE[r.state.status]} dot>
              {statusText(r)}
            </Badge>
          ) : (
            <Badge>waiting</Badge>
          )}
          <span className="block text-xs text-slate-600">
            evaluated <RelativeTime value={r.state?.evaluatedAt ?? null} />
          </span>
        </div>
      ),
      sortValue: (r) => statusText(r),
    },
    {
      id: "failures",
      header: "Drifts, failures",
      cell: (r) => <Failures row={r} />,
      sortValue: (r) => r.state?.failures ?? 0,
    },
    {
      id: "details",
      header: "Details",
      cell: (r) => <Details row={r} />,
      className: "min-w-56 whitespace-normal",
    },
  ];
  if (!canApply) return list;
  return [
    ...list,
    {
      id: "actions",
      header: "Actions",
      hideable: false,
      cell: (r) => (
        <ConfirmButton
          label={`Apply ${r.name} now`}
          title={`Apply ${r.name} now?`}
          description="The profile is evaluated for this device at once: the device is woken with a connection request, and its next session reads, sets and verifies the profile's values."
          confirmText="Apply now"
          danger={false}
          small
          onConfirm={() => apply(r)}
        >
          Apply now
        </ConfirmButton>
      ),
    },
  ];
}

/** The device's profiles: where it stands with each, and "Apply now" for operators with profiles.write. */
export function ProfilesPanel({
  deviceId,
  online,
  canApply,
}: {
  deviceId: number;
  online: boolean;
  canApply: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const profiles = useDeviceProfiles(deviceId, true);
  const [applied, setApplied] = useState<string | null>(null);
  const applyNow = useMutation(
    trpc.profiles.applyNow.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.profiles.device.pathFilter());
        void queryClient.invalidateQueries(trpc.device.pathFilter());
      },
    }),
  );
  const mutate = applyNow.mutate;
  const cols = useMemo(
    () =>
      columns(canApply, (r) => {
        setApplied(null);
        mutate({ id: r.profileId, deviceIds: [deviceId] }, { onSuccess: () => setApplied(r.name) });
      }),
    [canApply, mutate, deviceId],
  );
  return (
    <section aria-label="Profiles" className="space-y-2">
      {applied ? (
        <p role="status" className="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900">
          {applied}: queued;{" "}
          {online ? "the device is being woken." : "the device is offline, so it runs at its next inform."}
        </p>
      ) : null}
      {applyNow.error ? (
        <p role="alert" className="text-sm text-red-700">
          Apply now was refused: {applyNow.error.message}
        </p>
      ) : null}
      <DataTable
        label="Profiles"
        columns={cols}
        rows={profiles.data}
        getRowId={(r) => String(r.profileId)}
        rowTestId={(r) => `profile-row-${r.profileId}`}
        loading={profiles.isPending}
        error={profiles.isError ? `Could not load the profiles: ${profiles.error.message}` : undefined}
        empty="No enabled profile applies to this device."
        maxHeight="max-h-[60vh]"
      />
    </section>
  );
}
