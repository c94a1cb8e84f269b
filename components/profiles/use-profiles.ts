"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";

type Outputs = inferRouterOutputs<AppRouter>;
export type ProfileRow = Outputs["profiles"]["list"][number];
export type ProfileDetailData = Outputs["profiles"]["get"];
export type ProfileVersion = ProfileDetailData["versions"][number];
export type ConflictRow = Outputs["profiles"]["conflicts"][number];
export type PreviewData = Outputs["profiles"]["preview"];
export type RefusedRow = Outputs["profiles"]["check"]["refused"][number];

const LIVE_MS = 5_000;
/** A profile saved this recently may still be meeting its first devices (no DeviceProfile rows yet). */
const FRESH_MS = 10 * 60_000;

/** Whether the list's counts are still moving: something pending, or an enabled profile just saved. */
export function countsMoving(rows: readonly ProfileRow[], now: number): boolean {
  return rows.some((p) => p.counts.pending > 0 || (p.enabled && now - p.updatedAt.getTime() < FRESH_MS));
}

/** The list polls only while counts move; TanStack Query stops polling in hidden tabs. */
export function useProfileList() {
  const trpc = useTRPC();
  return useQuery(
    trpc.profiles.list.queryOptions(
      {},
      { refetchInterval: (q) => (q.state.data && countsMoving(q.state.data, Date.now()) ? LIVE_MS : false) },
    ),
  );
}

export function useConflicts() {
  const trpc = useTRPC();
  return useQuery(trpc.profiles.conflicts.queryOptions({}, { refetchInterval: 30_000 }));
}

export function useTemplates() {
  const trpc = useTRPC();
  return useQuery(trpc.profiles.templates.queryOptions({}, { staleTime: Infinity }));
}
