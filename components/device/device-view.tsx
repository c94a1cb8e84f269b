"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ConflictBanner } from "@/components/identity/conflict-banner";
import { Badge } from "@/components/ui/badge";
import { useTRPC } from "@/trpc/react";
import { AudienceOptOut } from "./audience-optout";
import { DeviceActions } from "./device-actions";
import { DeviceSummary } from "./device-summary";
import { DeviceTabs } from "./device-tabs";
import { FullReadBanner } from "./full-read-banner";
import { MobileView } from "./mobile-view";
import { NatTraversalPanel } from "./nat-traversal-panel";
import { ParameterTree } from "./parameter-tree";
import { useDeviceChanges, useDeviceTasks, usePermissions } from "./use-device";

/**
 * The help-desk page for one device, refreshed live: summary and parameter tree on the left, the
 * tabs (tasks, diagnostics, history, notes) on the right, below the tree on phones.
 */
export function DeviceView({ deviceId }: { deviceId: number }) {
  const trpc = useTRPC();
  const can = usePermissions();
  // Refetched when the change stamp moves (useDeviceChanges), not on a timer.
  const device = useQuery(trpc.device.get.queryOptions({ id: deviceId }));
  const tasks = useDeviceTasks(deviceId);
  useDeviceChanges(deviceId);

  if (device.isPending) return <p role="status">Loading device…</p>;
  if (device.isError)
    return (
      <div role="alert" className="space-y-2">
        <p className="font-medium text-red-800">
          Could not load device {deviceId}: {device.error.message}
        </p>
        <Link href="/devices" className="text-sky-700 hover:underline">
          Back to devices
        </Link>
      </div>
    );

  const d = device.data;
  // A mobile (OMA DM) has a DM tree instead of a parameter tree, and no CWMP actions.
  if (d.kind === "MOBILE") return <MobileView device={d} />;
  const write = can("devices.write");
  const shared = { deviceId, tasks: tasks.data, online: d.online, canWrite: write };
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <Link href="/devices" className="text-sm text-sky-700 hover:underline">
            ← Devices
          </Link>
          <h1 className="flex items-center gap-2 text-xl font-semibold text-slate-900">
            <span className="font-mono">{d.serialNumber}</span>
            {d.online ? <Badge tone="success">Online</Badge> : <Badge>Offline</Badge>}
          </h1>
          <p className="text-sm text-slate-600">
            {d.manufacturer} {d.modelName || d.productClass}
          </p>
        </div>
        <DeviceActions
          key={d.periodicInformInterval ?? 0}
          device={d}
          can={{ write, reboot: can("devices.reboot"), reset: can("devices.factory_reset") }}
        />
      </div>
      <ConflictBanner deviceId={deviceId} canDecide={can("devices.identity")} />
      <FullReadBanner device={d} canWrite={write} />
      {!d.online ? (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This device is offline. Anything you queue waits until its next inform
          {d.periodicInformInterval ? ` (every ${d.periodicInformInterval} s)` : ""}.
        </p>
      ) : null}
      {/* minmax(0, …) and min-w-0: a long path or value never sets the column's width (phones). */}
      <div className="grid grid-cols-[minmax(0,1fr)] gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] xl:grid-cols-2">
        <div className="min-w-0 space-y-4">
          <DeviceSummary device={d} />
          <NatTraversalPanel deviceId={deviceId} />
          <AudienceOptOut deviceId={deviceId} />
          <ParameterTree {...shared} />
        </div>
        <div className="min-w-0">
          <DeviceTabs
            device={d}
            tasks={tasks.data}
            tasksError={tasks.error?.message}
            can={{ write, manageTasks: can("tasks.write") }}
          />
        </div>
      </div>
    </div>
  );
}
