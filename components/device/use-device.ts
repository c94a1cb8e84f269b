"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useEffect, useRef } from "react";
import type { AppRouter } from "@/server/api/root";
import type { Permission } from "@/lib/permissions";
import { useTRPC } from "@/trpc/react";

type Outputs = inferRouterOutputs<AppRouter>;
export type DeviceDetail = Outputs["device"]["get"];
export type DeviceTask = Outputs["device"]["tasks"][number];
export type TreeChild = Outputs["device"]["children"]["children"][number];

/** Tasks in flight are polled quickly so the page shows progress as the CPE answers. */
const BUSY_MS = 1_500;
/** The idle poll: only the change stamp travels (device.changes), a few dozen bytes. */
const STAMP_MS = 5_000;

export const isPending = (t: DeviceTask) => t.state === "queued" || t.state === "sent";

/**
 * An operator may cancel any task that has not finished: queued, sent (the CPE may still run it; a
 * late answer is recorded and applies nothing) or waiting for its transfer to complete.
 */
export const isCancellable = (t: DeviceTask) =>
  t.state === "queued" || t.state === "sent" || t.state === "waiting";

/** What the signed-in operator may do; the server refuses the rest regardless. */
export function usePermissions(): (permission: Permission) => boolean {
  const trpc = useTRPC();
  const me = useQuery(trpc.session.me.queryOptions({}, { staleTime: 60_000 }));
  const granted = new Set<string>(me.data?.permissions ?? []);
  return (permission) => granted.has(permission);
}

/**
 * The device's recent tasks. When a task leaves queued/sent, everything else on the page (tree,
 * summary, timeline, diagnostics) is refetched, so answers appear in place without a reload.
 */
export function useDeviceTasks(deviceId: number) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(
    trpc.device.tasks.queryOptions(
      { id: deviceId, limit: 30 },
      {
        // Idle, the tasks are refetched only when the change stamp moves (useDeviceChanges).
        refetchInterval: (q) => (q.state.data?.some(isPending) ? BUSY_MS : false),
        refetchIntervalInBackground: false,
      },
    ),
  );
  const pendingIds = useRef<Set<number>>(new Set());
  useEffect(() => {
    const tasks = query.data;
    if (!tasks) return;
    const pending = new Set(tasks.filter(isPending).map((t) => t.id));
    const finished = [...pendingIds.current].some((id) => !pending.has(id));
    pendingIds.current = pending;
    if (finished) void queryClient.invalidateQueries(trpc.device.pathFilter());
  }, [query.data, queryClient, trpc]);
  return query;
}

/**
 * The open page's idle poll: the device's change stamp every few seconds (never while the tab is
 * hidden; TanStack Query refetches it when the tab is shown again). When it moves, the summary, tasks,
 * timeline, diagnostics and profile states are refetched; otherwise nothing else travels.
 */
export function useDeviceChanges(deviceId: number): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const stamp = useQuery(
    trpc.device.changes.queryOptions(
      { id: deviceId },
      { refetchInterval: STAMP_MS, refetchIntervalInBackground: false },
    ),
  );
  const last = useRef<string | null>(null);
  const current = stamp.data?.stamp;
  useEffect(() => {
    if (!current) return;
    if (last.current !== null && last.current !== current) {
      for (const filter of [
        trpc.device.get.pathFilter(),
        trpc.device.tasks.pathFilter(),
        trpc.device.timeline.pathFilter(),
        trpc.device.diagnostics.pathFilter(),
        trpc.profiles.device.pathFilter(),
      ])
        void queryClient.invalidateQueries(filter);
    }
    last.current = current;
  }, [current, queryClient, trpc]);
}

/** Paths a task reads or writes, to show pending and fault states next to tree nodes and fields. */
export function taskPaths(task: DeviceTask): string[] {
  const r = task.request;
  switch (task.name) {
    case "GetParameterNames":
      return r.parameterPath === undefined ? [] : [r.parameterPath];
    case "GetParameterValues":
    case "GetParameterAttributes":
      return r.parameterNames ?? [];
    case "SetParameterValues":
    case "SetParameterAttributes":
      return (r.parameterList ?? []).map((p) => p.name);
    case "AddObject":
    case "DeleteObject":
      return r.objectName === undefined ? [] : [r.objectName];
    default:
      return [];
  }
}

/** The newest task of `names` that touches `path` (tasks come newest first). */
export function latestTaskFor(
  tasks: readonly DeviceTask[] | undefined,
  path: string,
  names: readonly string[],
): DeviceTask | undefined {
  return tasks?.find((t) => names.includes(t.name) && taskPaths(t).includes(path));
}

/** The CPE's fault for one parameter of a SetParameterValues (9007, 9008 ...), else the task's fault. */
export function faultText(task: DeviceTask, path?: string): string | null {
  if (task.state !== "fault") return null;
  const entry = task.result?.setParameterValuesFault?.find((f) => f.parameterName === path);
  if (entry) return `Fault ${entry.faultCode}: ${entry.faultString}`;
  return `Fault ${task.faultCode ?? "?"}: ${task.faultString ?? "unknown"}`;
}

/** After an action: refetch the device's queries so the new task shows at once. */
export function useRefreshDevice(): () => void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries(trpc.device.pathFilter());
}
