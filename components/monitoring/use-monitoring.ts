"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";

type Outputs = inferRouterOutputs<AppRouter>;
export type SeriesData = Outputs["monitoring"]["series"];
export type BreakdownData = Outputs["monitoring"]["breakdown"];
export type OffendersData = Outputs["monitoring"]["topOffenders"];
export type ScopeDevicesData = Outputs["monitoring"]["devices"];
export type StreamQualityData = Outputs["monitoring"]["streamQuality"];
export type IncidentRow = Outputs["incidents"]["list"]["rows"][number];
export type IncidentDetail = Outputs["incidents"]["get"];
export type AlarmRow = Outputs["alarms"]["list"]["rows"][number];
export type AlarmRule = Outputs["alarms"]["rules"][number];

/** Dashboards refresh every minute while visible: rollups settle every few minutes, not faster. */
export const DASHBOARD_REFRESH_MS = 60_000;

export function useCan(permission: "alarms.write" | "monitoring.read"): boolean {
  const trpc = useTRPC();
  const me = useQuery(trpc.session.me.queryOptions(undefined, { staleTime: 60_000 }));
  return me.data?.permissions.includes(permission) ?? false;
}
