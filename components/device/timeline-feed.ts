"use client";

import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useEffect, useRef } from "react";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { newestCursor, prependNewer } from "./timeline-merge";

type Page = inferRouterOutputs<AppRouter>["device"]["timeline"];
export type TimelineFilter = "informs" | "tasks" | "operator" | "faults";

const PAGE = 25;
/** Entries one incremental read brings; a longer absence takes a few reads, then a reload. */
const SINCE_LIMIT = 100;
const MAX_SINCE_READS = 5;

/**
 * The device's history: older pages on demand, and, when the device's change stamp moves, only the
 * entries newer than the newest shown. The pages live under their own query key, outside the tRPC
 * path the page invalidates after every action and stamp change, so those never refetch every page
 * loaded; the since read is the one refresh.
 */
export function useTimelineFeed(deviceId: number, filters: TimelineFilter[]) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queryKey = ["device-history", deviceId, filters] as const;
  const read = (input: { cursor?: Page["nextCursor"]; since?: Page["nextCursor"]; limit: number }) =>
    // gcTime 0: the single reads are not kept apart from the pages they go into.
    queryClient.fetchQuery({
      ...trpc.device.timeline.queryOptions({ id: deviceId, filters, ...input }),
      staleTime: 0,
      gcTime: 0,
    });
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => read({ cursor: pageParam, limit: PAGE }),
    initialPageParam: null as Page["nextCursor"],
    getNextPageParam: (last: Page) => last.nextCursor,
  });

  // Subscribes to the stamp the page already polls (useDeviceChanges): no request of its own.
  const stamp = useQuery({ ...trpc.device.changes.queryOptions({ id: deviceId }), staleTime: Infinity }).data
    ?.stamp;
  const seen = useRef<string | undefined>(undefined);
  const running = useRef<Promise<void> | null>(null);
  const catchUpRef = useRef<() => Promise<void>>(async () => {});
  catchUpRef.current = async () => {
    for (let round = 0; round < MAX_SINCE_READS; round++) {
      const data = queryClient.getQueryData<InfiniteData<Page, Page["nextCursor"]>>(queryKey);
      // Not loaded yet: its first read brings everything. Nothing shown yet: read the first page.
      if (!data) return;
      const since = newestCursor(data.pages);
      if (!since) return void (await queryClient.refetchQueries({ queryKey }));
      const newer = await read({ since, limit: SINCE_LIMIT });
      queryClient.setQueryData<InfiniteData<Page, Page["nextCursor"]>>(
        queryKey,
        (old) => old && prependNewer(old, newer.items),
      );
      if (!newer.newerRemain) return;
    }
    await queryClient.resetQueries({ queryKey });
  };

  useEffect(() => {
    if (!stamp) return;
    const moved = seen.current !== undefined && seen.current !== stamp;
    seen.current = stamp;
    if (!moved) return;
    // One catch-up at a time; a stamp that moves meanwhile is read by the next one.
    const previous = running.current ?? Promise.resolve();
    const next = previous.then(() => catchUpRef.current()).catch(() => undefined);
    running.current = next;
    void queryClient.invalidateQueries(trpc.device.activity.pathFilter());
  }, [stamp, queryClient, trpc]);

  return query;
}
