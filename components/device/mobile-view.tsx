"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Tabs } from "@/components/ui/tabs";
import { useTRPC } from "@/trpc/react";
import { MobileDmTree } from "./mobile-dm-tree";
import { MobileFumo } from "./mobile-fumo";
import { TasksPanel } from "./tasks-panel";
import { Timeline } from "./timeline";
import { useDeviceChanges, useDeviceTasks, usePermissions, type DeviceDetail } from "./use-device";

type MobileTab = "tasks" | "software" | "history";

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="flex gap-2">
      <dt className="w-36 shrink-0 text-slate-500">{term}</dt>
      <dd className="min-w-0 font-mono break-all text-slate-900">{children}</dd>
    </div>
  );
}

function MobileSummaryCard({ deviceId }: { deviceId: number }) {
  const trpc = useTRPC();
  const summary = useQuery(trpc.mobile.summary.queryOptions({ id: deviceId }));
  const s = summary.data;
  return (
    <section
      aria-labelledby="mobile-summary-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs"
    >
      <h2 id="mobile-summary-heading" className="mb-2 text-base font-semibold text-slate-900">
        Summary
      </h2>
      {summary.isError ? (
        <p role="alert" className="text-sm text-red-700">
          {summary.error.message}
        </p>
      ) : !s ? (
        <p role="status" className="text-sm text-slate-500">
          Loading…
        </p>
      ) : (
        <dl className="space-y-1 text-sm">
          <Row term="DevId">{s.devId}</Row>
          <Row term="Manufacturer">{s.manufacturer ?? "—"}</Row>
          <Row term="Model">{s.model ?? "—"}</Row>
          <Row term="DM version">{s.dmVersion ?? "—"}</Row>
          <Row term="Language">{s.language ?? "—"}</Row>
          <Row term="Firmware">{s.firmwareVersion ?? "—"}</Row>
          <Row term="Protocol">OMA DM{s.encoding ? ` (${s.encoding.toUpperCase()})` : ""}</Row>
          <Row term="Last session">
            {s.lastSessionAt ? <RelativeTime value={s.lastSessionAt} /> : "never"}
          </Row>
          <Row term="Wake-up">
            {s.wakeable ? "package 0 (UDP)" : "not registered: waits for its next session"}
          </Row>
        </dl>
      )}
    </section>
  );
}

/**
 * The page of a mobile managed over OMA DM: its DevInfo summary and the live DM tree on the left, its
 * tasks (the same Task rows as CWMP), FUMO firmware and timeline on the right.
 */
export function MobileView({ device }: { device: DeviceDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = usePermissions();
  const deviceId = device.id;
  const tasks = useDeviceTasks(deviceId);
  useDeviceChanges(deviceId);
  const [tab, setTab] = useState<MobileTab>("tasks");
  // A task that finished changed what the summary and tree show.
  useEffect(() => {
    void queryClient.invalidateQueries(trpc.mobile.summary.pathFilter());
  }, [tasks.data, queryClient, trpc]);
  return (
    <div className="space-y-4">
      <div>
        <Link href="/devices" className="text-sm text-sky-700 hover:underline">
          ← Devices
        </Link>
        <h1 className="flex items-center gap-2 text-xl font-semibold text-slate-900">
          <span className="font-mono">{device.serialNumber}</span>
          <Badge tone="info">Mobile</Badge>
        </h1>
        <p className="text-sm text-slate-600">
          {device.manufacturer} {device.modelName}
        </p>
      </div>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] xl:grid-cols-2">
        <div className="min-w-0 space-y-4">
          <MobileSummaryCard deviceId={deviceId} />
          <MobileDmTree deviceId={deviceId} canWrite={can("devices.write")} />
        </div>
        <div className="min-w-0">
          <Tabs
            label="Device details"
            value={tab}
            onChange={setTab}
            items={[
              {
                id: "tasks",
                label: "Tasks",
                panel: (
                  <TasksPanel
                    deviceId={deviceId}
                    tasks={tasks.data}
                    error={tasks.error?.message}
                    online={device.online}
                    canManage={can("tasks.write")}
                  />
                ),
              },
              {
                id: "software",
                label: "Software",
                panel: (
                  <MobileFumo
                    deviceId={deviceId}
                    firmwareVersion={device.softwareVersion}
                    tasks={tasks.data}
                    canUpdate={can("firmware.rollout")}
                  />
                ),
              },
              { id: "history", label: "History", panel: <Timeline deviceId={deviceId} /> },
            ]}
          />
        </div>
      </div>
    </div>
  );
}
