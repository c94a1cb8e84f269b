"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { InstallDialog } from "@/components/apps/install-dialog";
import type { AppUnit, StoreApp } from "@/components/apps/types";
import { UnitActions, unitColumns } from "@/components/apps/unit-columns";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { useTRPC } from "@/trpc/react";
import { usePermissions } from "./use-device";

const PENDING_MS = 3000;
const SM = "Device.SoftwareModules.";

/** Numeric-aware version order ("1.10" after "1.9"). */
const newer = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true }) > 0;

function useApps(deviceId: number) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(
    trpc.softwareModules.list.queryOptions(
      { deviceId },
      // While a change is on its way, poll: the device reports and the tree is re-read by the server.
      { refetchInterval: (q) => (q.state.data?.pending.length ? PENDING_MS : false) },
    ),
  );
  const invalidate = () => {
    void queryClient.invalidateQueries(trpc.softwareModules.pathFilter());
    void queryClient.invalidateQueries(trpc.device.pathFilter());
  };
  return { list, invalidate };
}

/** Deployment units and execution units of the device (TR-181 SoftwareModules), with their actions. */
export function AppsPanel({
  deviceId,
  online,
  canWrite,
}: {
  deviceId: number;
  online: boolean;
  canWrite: boolean;
}) {
  const trpc = useTRPC();
  const allowed = usePermissions();
  const canRun = allowed("devices.write");
  const { list, invalidate } = useApps(deviceId);
  const available = useQuery(
    trpc.softwareModules.available.queryOptions(
      { deviceId },
      { enabled: canWrite && !!list.data?.supported },
    ),
  );
  const [installOpen, setInstallOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const done = (what: string) => (r: { taskIds: number[]; online: boolean }) => {
    setMessage(
      `${what} queued (task #${r.taskIds[0] ?? "?"})${r.online ? "" : ": the device is offline, it waits for its next contact"}.`,
    );
    invalidate();
  };
  const install = useMutation(trpc.softwareModules.install.mutationOptions({ onSuccess: done("Install") }));
  const uninstall = useMutation(
    trpc.softwareModules.uninstall.mutationOptions({ onSuccess: done("Uninstall") }),
  );
  const run = useMutation(trpc.softwareModules.setRunning.mutationOptions({ onSuccess: done("Change") }));
  const refresh = useMutation(trpc.device.refresh.mutationOptions({ onSuccess: done("Refresh") }));
  const error = install.error ?? uninstall.error ?? run.error ?? refresh.error;
  const busy = install.isPending || uninstall.isPending || run.isPending;

  const data = list.data;
  const units = data?.deploymentUnits ?? [];
  const updateFor = (u: AppUnit): StoreApp | undefined =>
    (available.data ?? [])
      .filter((a) => a.duUuid.toLowerCase() === u.uuid.toLowerCase() && newer(a.version, u.version))
      .sort((a, b) => (newer(a.version, b.version) ? -1 : 1))[0];

  if (data && !data.supported) {
    return (
      <section aria-labelledby="apps-heading" className="space-y-1">
        <h3 id="apps-heading" className="text-sm font-semibold text-slate-900">
          Apps
        </h3>
        <p className="text-sm text-slate-600">
          This device&apos;s data model has no SoftwareModules: run-time apps need a TR-181 (Device.) CPE.
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="apps-heading" className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <h3 id="apps-heading" className="text-sm font-semibold text-slate-900">
          Apps
        </h3>
        <span className="text-xs text-slate-500">
          read <RelativeTime value={data?.readAt ? new Date(data.readAt) : null} />
        </span>
        <div className="ml-auto flex gap-2">
          {canRun ? (
            <Button
              variant="secondary"
              disabled={refresh.isPending}
              onClick={() => refresh.mutate({ id: deviceId, path: SM })}
            >
              Refresh apps
            </Button>
          ) : null}
          {canWrite ? <Button onClick={() => setInstallOpen(true)}>Install app</Button> : null}
        </div>
      </div>
      {!online ? (
        <p className="text-xs text-slate-600">The device is offline: changes wait for its next contact.</p>
      ) : null}
      {data?.pending.length ? (
        <ul aria-label="App changes in progress" className="space-y-1 text-sm">
          {data.pending.map((p) => (
            <li key={p.taskId} className="flex flex-wrap items-center gap-2">
              <Badge tone="info" dot>
                {p.state === "waiting" ? "in progress" : p.state}
              </Badge>
              <span>
                {p.operation} {p.name || p.uuid} {p.version}
              </span>
              <span className="text-xs text-slate-500">task #{p.taskId}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <DataTable
        label="Deployment units"
        columns={unitColumns(
          (u) => (
            <UnitActions
              unit={u}
              update={updateFor(u)}
              canRollout={canWrite}
              canRun={canRun}
              busy={busy}
              onUpdate={(imageId) => install.mutate({ deviceId, imageId })}
              onUninstall={() => uninstall.mutate({ deviceId, uuid: u.uuid })}
              onRun={(path, running) => run.mutate({ deviceId, path, running })}
            />
          ),
          canWrite || canRun,
        )}
        rows={units}
        getRowId={(u) => u.path}
        loading={list.isLoading}
        error={list.error?.message}
        empty="No apps installed (as of the last read of Device.SoftwareModules)."
        maxHeight="max-h-96"
      />
      {message ? (
        <p role="status" className="text-sm text-slate-600">
          {message}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error.message}
        </p>
      ) : null}
      <InstallDialog
        open={installOpen}
        onClose={() => setInstallOpen(false)}
        available={available.data ?? []}
        installed={units}
        busy={busy}
        onInstall={(imageId) => {
          setInstallOpen(false);
          install.mutate({ deviceId, imageId });
        }}
      />
    </section>
  );
}
