"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";

type Outputs = inferRouterOutputs<AppRouter>;
export type FaultSummaryData = Outputs["faults"]["summary"];
export type FaultGroupRow = FaultSummaryData["groups"][number];
export type RetryResultData = Outputs["faults"]["retry"];

/** The view refreshes every 30 s while visible (TanStack Query pauses it in hidden tabs). */
export function useFaultSummary(days: number) {
  const trpc = useTRPC();
  return useQuery(trpc.faults.summary.queryOptions({ days }, { refetchInterval: 30_000 }));
}

export function useCanRetry(): boolean {
  const trpc = useTRPC();
  const me = useQuery(trpc.session.me.queryOptions(undefined, { staleTime: 60_000 }));
  return me.data?.permissions.includes("tasks.write") ?? false;
}

export function useRetryGroup(onDone: (result: RetryResultData) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.faults.retry.mutationOptions({
      onSuccess: async (result) => {
        onDone(result);
        await queryClient.invalidateQueries(trpc.faults.pathFilter());
      },
    }),
  );
}
