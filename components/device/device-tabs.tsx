"use client";

import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { Tabs } from "@/components/ui/tabs";
import { parseDeviceTab, withDeviceTab, type DeviceTab } from "./device-tab";
import { DiagnosticsPanel } from "./diagnostics-panel";
import { useDeviceProfiles } from "./profile-ownership";
import { profilesLabel } from "./profile-status";
import { ProfilesPanel } from "./profiles-panel";
import { SoftwareTab } from "./software-tab";
import { StreamQualityTab } from "./stream-quality-tab";
import { TagsNotes } from "./tags-notes";
import { TasksPanel } from "./tasks-panel";
import { Timeline } from "./timeline";
import { isCancellable, usePermissions, type DeviceDetail, type DeviceTask } from "./use-device";

/** "Tasks (2 running)": unfinished work is what the help desk looks for first. */
function tasksLabel(tasks: DeviceTask[] | undefined): string {
  const running = tasks?.filter(isCancellable).length ?? 0;
  return running > 0 ? `Tasks (${running} running)` : "Tasks";
}

/**
 * The device page's right column. The selected tab lives in the URL (`?tab=`), so a link or a reload
 * opens the same tab; the default (Tasks) keeps the URL bare. The selection is also held here: the
 * URL's update lands a moment later, and arrow keys pressed in between must move from the tab shown.
 * history.replaceState (which Next's useSearchParams follows) rather than router.replace: switching
 * tabs fetches nothing from the server, and is not a step the Back button should walk through.
 */
export function DeviceTabs({
  device,
  tasks,
  tasksError,
  can,
}: {
  device: DeviceDetail;
  tasks: DeviceTask[] | undefined;
  tasksError?: string;
  can: { write: boolean; manageTasks: boolean };
}) {
  const params = useSearchParams();
  const fromUrl = parseDeviceTab(params.get("tab"));
  const [tab, setTab] = useState<DeviceTab>(fromUrl);
  // A link to another ?tab= of this page (or Back into one) selects that tab.
  useEffect(() => setTab(fromUrl), [fromUrl]);
  const deviceId = device.id;
  // The Profiles tab is there for operators who may read profiles (its label counts failures, so the
  // query runs whichever tab is open; the tree shares it).
  const allowed = usePermissions();
  const readProfiles = allowed("profiles.read");
  const profiles = useDeviceProfiles(deviceId, readProfiles);

  function select(next: DeviceTab) {
    setTab(next);
    const url = `${window.location.pathname}${withDeviceTab(window.location.search, next)}`;
    window.history.replaceState(null, "", url);
  }

  const shared = { deviceId, tasks, online: device.online, canWrite: can.write };
  return (
    <Tabs
      label="Device details"
      value={tab}
      onChange={select}
      items={[
        {
          id: "tasks",
          label: tasksLabel(tasks),
          panel: (
            <TasksPanel
              deviceId={deviceId}
              tasks={tasks}
              error={tasksError}
              online={device.online}
              canManage={can.manageTasks}
            />
          ),
        },
        ...(readProfiles
          ? [
              {
                id: "profiles" as const,
                label: profilesLabel(profiles.data),
                panel: (
                  <ProfilesPanel
                    deviceId={deviceId}
                    online={device.online}
                    canApply={allowed("profiles.write")}
                  />
                ),
              },
            ]
          : []),
        ...(allowed("firmware.read")
          ? [
              {
                id: "software" as const,
                label: "Software",
                panel: (
                  <SoftwareTab
                    deviceId={deviceId}
                    softwareVersion={device.softwareVersion}
                    online={device.online}
                  />
                ),
              },
            ]
          : []),
        ...(allowed("monitoring.read")
          ? [
              {
                id: "stream-quality" as const,
                label: "Stream quality",
                panel: <StreamQualityTab deviceId={deviceId} />,
              },
            ]
          : []),
        { id: "diagnostics", label: "Diagnostics", panel: <DiagnosticsPanel {...shared} /> },
        { id: "history", label: "History", panel: <Timeline deviceId={deviceId} /> },
        {
          id: "notes",
          label: device.tags.length > 0 ? `Notes (${device.tags.length} tags)` : "Notes",
          panel: <TagsNotes key={device.notes} device={device} canWrite={can.write} />,
        },
      ]}
    />
  );
}
