"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";

type Outputs = inferRouterOutputs<AppRouter>;
export type ImageRow = Outputs["firmware"]["list"][number];
export type EligibleData = Outputs["firmware"]["eligible"];
export type ImageState = ImageRow["state"];

export interface ImageListFilter {
  state?: ImageState;
  fileType?: string;
  text?: string;
}

export function useImageList(filter: ImageListFilter) {
  const trpc = useTRPC();
  return useQuery(trpc.firmware.list.queryOptions(filter, { refetchInterval: 30_000 }));
}

export function useImage(id: number) {
  const trpc = useTRPC();
  return useQuery(trpc.firmware.get.queryOptions({ id }));
}

export function useEligible(id: number) {
  const trpc = useTRPC();
  return useQuery(trpc.firmware.eligible.queryOptions({ id, take: 20 }));
}
