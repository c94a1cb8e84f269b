"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Tabs } from "@/components/ui/tabs";
import { parseDeviceTab, withDeviceTab, type DeviceTab } from "./device-tab";
import { DiagnosticsPanel } from "./diagnostics-panel";
import { TagsNotes } from "./tags-notes";
import { TasksPanel } from "./tasks-panel";
import { Timeline } from "./timeline";
import { isCancellable, type DeviceDetail, type DeviceTask } from "./use-device";

/** "Tasks (2 running)": unfinished work is what the help desk looks for first. */
function tasksLabel(tasks: DeviceTask[] | undefined): string {
  const running = tasks?.filter(isCancellable).length ?? 0;
  return running > 0 ? `Tasks (${running} running)` : "Tasks";
}

/**
 * The device page's right column. The selected tab lives in the URL (`?tab=`), so a link or a reload
 * opens the same tab; the default (Tasks) keeps the URL bare. replace, not push: switching tabs is not
 * a navigation the Back button should step through.
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
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const tab = parseDeviceTab(params.get("tab"));
  const deviceId = device.id;

  function select(next: DeviceTab) {
    router.replace(`${pathname}${withDeviceTab(params.toString(), next)}`, { scroll: false });
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
