"use client";

import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>["audience"];
export type AudienceOptions = Outputs["options"];
export type RankingData = Outputs["ranking"];
export type HeatmapData = Outputs["heatmap"];
export type TrendData = Outputs["trend"];
export type BreakdownData = Outputs["breakdown"];
export type SlotData = Outputs["slot"];
export type PrivacyNote = RankingData["privacy"];

/**
 * Every report run is written to the privacy log, so a report is fetched when its filters change and
 * not again on focus, reconnect or a timer (cells settle every few minutes; nobody needs it live).
 */
export const REPORT_QUERY = {
  staleTime: 10 * 60_000,
  refetchOnWindowFocus: false,
  refetchOnReconnect: false,
} as const;
