"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Tooltip } from "@/components/ui/tooltip";
import { useTRPC } from "@/trpc/react";
import { desiredValue, type PathOwner } from "./profile-status";

/** The tree's mark on a value a profile manages on this device; the tooltip names the profile. */
export function ProfileOwnedBadge({ owner, path }: { owner: PathOwner; path: string }) {
  return (
    <Tooltip content={`Set by the profile ${owner.name}`}>
      {/* Focusable: a keyboard user reaches the profile's name the way a mouse user does. */}
      <span tabIndex={0} data-testid={`owned-${path}`} className="rounded-full">
        <Badge tone="info">profile</Badge>
      </span>
    </Tooltip>
  );
}

/**
 * Shown above the value editor of an owned path: the edit is allowed, but it does not last. The value
 * comes from the profile's current definition (one profiles.get per profile, cached), with its
 * ${serial}-style references filled in for this device; a secret's value is never shown.
 */
export function ProfileOwnedNote({
  deviceId,
  owner,
  path,
}: {
  deviceId: number;
  owner: PathOwner;
  path: string;
}) {
  const trpc = useTRPC();
  const profile = useQuery(trpc.profiles.get.queryOptions({ id: owner.profileId }, { staleTime: 60_000 }));
  const device = useQuery(trpc.device.get.queryOptions({ id: deviceId }));
  const desired =
    profile.data && device.data ? desiredValue(profile.data.definition, path, device.data) : null;
  let target = "its value";
  if (desired?.kind === "value")
    target = desired.value === "" ? "an empty value" : `\u201c${desired.value}\u201d`;
  else if (desired?.kind === "secret") target = "its secret value";
  return (
    <p
      role="note"
      data-testid={`owned-note-${path}`}
      className="mt-2 rounded-md bg-sky-50 px-3 py-2 text-xs [overflow-wrap:anywhere] text-sky-900"
    >
      You may change it, but the profile{" "}
      <Link href={`/profiles/${owner.profileId}`} className="font-medium underline">
        {owner.name}
      </Link>{" "}
      will set it back to <span className="font-mono">{target}</span> at its next evaluation.
      {profile.isError ? ` (Its definition could not be read: ${profile.error.message}.)` : null}
    </p>
  );
}
