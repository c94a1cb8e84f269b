// How one device stands with its profiles, in words: the tab's label, each profile's status, who owns a
// tree path, and the value an owning profile will write back. Pure, so the wording is tested.
import type { inferRouterOutputs } from "@trpc/server";
import { valueReferences, type ProfileDefinition, type ProfileTrigger } from "@/lib/profiles/definition";
import { resolveValue, type DeviceIdentity } from "@/lib/profiles/references";
import type { AppRouter } from "@/server/api/root";

export type DeviceProfileView = inferRouterOutputs<AppRouter>["profiles"]["device"][number];
export type ProfileStatus = NonNullable<DeviceProfileView["state"]>["status"];

/** "Profiles (1 failed)": a failed profile is what an operator opens the tab for. */
export function profilesLabel(rows: readonly DeviceProfileView[] | undefined): string {
  const failed = rows?.filter((r) => r.state?.status === "failed").length ?? 0;
  return failed > 0 ? `Profiles (${failed} failed)` : "Profiles";
}

const TRIGGER_WORDS: Record<ProfileTrigger, string> = {
  first_contact: "first contact",
  boot: "boot",
  periodic: "periodic",
  value_change: "value change",
  on_demand: "apply now",
};

/** A profile that applies but has never been evaluated here waits for one of these. */
export function waitingText(triggers: readonly ProfileTrigger[]): string {
  return `waits for its trigger: ${triggers.map((t) => TRIGGER_WORDS[t]).join(", ")}`;
}

/** The status as the badge says it: "pending: verify" names the step an attempt is at. */
export function statusText(row: DeviceProfileView): string {
  if (!row.state) return "not evaluated";
  const { status, step } = row.state;
  return status === "pending" && step ? `pending: ${step}` : status;
}

export const STATUS_TONE = {
  converged: "success",
  pending: "info",
  drifted: "warning",
  failed: "danger",
} as const satisfies Record<ProfileStatus, string>;

/** "v2", or "v1 of v3" when the device was last evaluated against an older version. */
export function versionText(row: DeviceProfileView): string {
  if (!row.state || row.state.version === row.version) return `v${row.version}`;
  return `v${row.state.version} of v${row.version}`;
}

export interface PathOwner {
  profileId: number;
  name: string;
}

/** path -> the profile that owns it on this device (from the engine's stored ownedPaths). */
export function ownersByPath(rows: readonly DeviceProfileView[] | undefined): Map<string, PathOwner> {
  const owners = new Map<string, PathOwner>();
  for (const row of rows ?? [])
    for (const path of row.state?.ownedPaths ?? [])
      if (!owners.has(path)) owners.set(path, { profileId: row.profileId, name: row.name });
  return owners;
}

export type { DeviceIdentity };

export type DesiredText =
  { kind: "value"; value: string } | { kind: "secret" } | { kind: "unknown" } | { kind: "absent" };

/**
 * The value the profile's definition sets `path` to on this device, with ${serial}-style references
 * filled in as the engine does. A ${secret:…} value is never known to the browser: "secret".
 */
export function desiredValue(
  definition: ProfileDefinition,
  path: string,
  device: DeviceIdentity,
): DesiredText {
  const row = definition.parameters.find((p) => p.path === path);
  if (!row) return { kind: "absent" };
  if (valueReferences(row.value).some((ref) => ref.startsWith("secret:"))) return { kind: "secret" };
  const resolved = resolveValue(row.value, device);
  return resolved ? { kind: "value", value: resolved.value } : { kind: "unknown" };
}
