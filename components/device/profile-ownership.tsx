"use client";

import { useQuery } from "@tanstack/react-query";
import { createContext, useContext, useMemo, type ReactNode } from "react";
import { useTRPC } from "@/trpc/react";
import { ownersByPath, type PathOwner } from "./profile-status";

/** While an attempt is under way its steps land within seconds: poll, then go quiet again. */
const PENDING_MS = 3_000;

/**
 * Where the device stands with each profile that applies to it. Idle, it is refetched when the
 * device's change stamp moves (useDeviceChanges); only while a profile is pending does it poll.
 * Tab label, panel and tree share this one query (same key).
 */
export function useDeviceProfiles(deviceId: number, enabled: boolean) {
  const trpc = useTRPC();
  return useQuery(
    trpc.profiles.device.queryOptions(
      { deviceId },
      {
        enabled,
        refetchInterval: (q) =>
          q.state.data?.some((r) => r.state?.status === "pending") ? PENDING_MS : false,
        refetchIntervalInBackground: false,
      },
    ),
  );
}

const OwnersContext = createContext<ReadonlyMap<string, PathOwner>>(new Map());

/** Gives the tree's rows (plain levels and search results alike) the paths a profile owns here. */
export function ProfileOwnershipProvider({
  deviceId,
  enabled,
  children,
}: {
  deviceId: number;
  /** profiles.read: without it nothing is asked and no row is marked */
  enabled: boolean;
  children: ReactNode;
}) {
  const profiles = useDeviceProfiles(deviceId, enabled);
  const owners = useMemo(() => ownersByPath(profiles.data), [profiles.data]);
  return <OwnersContext.Provider value={owners}>{children}</OwnersContext.Provider>;
}

/** The profile that owns `path` on this device, if any. */
export function useProfileOwner(path: string): PathOwner | undefined {
  return useContext(OwnersContext).get(path);
}
