"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { WaveState } from "./labels";
import { useTRPC } from "@/trpc/react";

/** How often a live wave's page and the list refresh. */
export const LIVE_MS = 3_000;
const IDLE_MS = 30_000;

const live = (state: WaveState | undefined) => state === "running";

/** The waves list; polls quickly while any wave runs. TanStack Query stops polling in hidden tabs. */
export function useWaveList(state: WaveState | undefined) {
  const trpc = useTRPC();
  return useQuery(
    trpc.waves.list.queryOptions(state ? { state } : {}, {
      refetchInterval: (q) => (q.state.data?.some((w) => live(w.state)) ? LIVE_MS : IDLE_MS),
      placeholderData: keepPreviousData,
    }),
  );
}

export function useWave(id: number) {
  const trpc = useTRPC();
  return useQuery(
    trpc.waves.get.queryOptions(
      { id },
      { refetchInterval: (q) => (live(q.state.data?.state) ? LIVE_MS : IDLE_MS) },
    ),
  );
}

/**
 * A panel's query polls with the wave (`running` from the wave's own state), and reads once more when
 * the wave stops: its last poll may predate the step that finished it (a short wave ends between polls).
 */
function useFinalRead(refetch: () => Promise<unknown>, running: boolean): void {
  const wasRunning = useRef(running);
  useEffect(() => {
    if (wasRunning.current && !running) void refetch();
    wasRunning.current = running;
  }, [running, refetch]);
}

export function useWaveFailures(id: number, running: boolean) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.waves.failures.queryOptions({ id }, { refetchInterval: running ? LIVE_MS : false }),
  );
  useFinalRead(query.refetch, running);
  return query;
}

export function useWaveCompletions(id: number, running: boolean) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.waves.completions.queryOptions({ id }, { refetchInterval: running ? LIVE_MS : false }),
  );
  useFinalRead(query.refetch, running);
  return query;
}

export function useWaveMulticast(id: number, running: boolean) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.waves.multicast.queryOptions({ id }, { refetchInterval: running ? LIVE_MS : false }),
  );
  useFinalRead(query.refetch, running);
  return query;
}
