// Permissions are declared once; roles map to them in one table (dub's pattern). Procedures ask for a
// permission, never for a role, so a new role is a one-line change here.
import type { Role } from "../server/generated/prisma/enums";

export const PERMISSIONS = [
  "devices.read",
  "devices.write",
  "devices.reboot",
  "devices.factory_reset",
  "devices.bulk",
  /** Writing <root>.ManagementServer.* (ACS URL, credentials, connection-request and STUN settings). */
  "devices.management_server",
  /** Deciding identity conflicts: accepting one lets shared credentials re-provision the device. */
  "devices.identity",
  "tasks.read",
  "tasks.write",
  "faults.read",
  "operators.manage",
  "audit.read",
  "firmware.read",
  "firmware.rollout",
  /** Trusting originator keys: which signatures make an image installable. */
  "firmware.keys",
  /** Files CPEs uploaded (config backups hold credentials): listing and downloading them. */
  "devices.files",
  /** Audience reports, the privacy-protected AudienceStats part of device trees, audience tasks. */
  "audience.read",
  /** Recording a subscriber's audience-measurement opt-out (and withdrawing it). */
  "audience.optout",
  "monitoring.read",
  /** Alarm rules, acknowledging alarms and incidents, topology and channel line-up imports. */
  "alarms.write",
  "datamodel.manage",
  /** Provisioning profiles: reading them and each device's state; writing (create, edit, enable, apply). */
  "profiles.read",
  "profiles.write",
  /** API tokens for integrators: create (shown once), list, revoke. */
  "api.tokens",
  /** Webhook subscriptions and their delivery logs. */
  "webhooks.manage",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** What every signed-in operator may look at. */
const READ: readonly Permission[] = ["devices.read", "tasks.read", "faults.read", "firmware.read"];

/** devices.management_server is admin-only: it decides which ACS a device obeys and how it is woken. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  noc: [
    ...READ,
    "monitoring.read",
    "alarms.write",
    "audit.read",
    "devices.bulk",
    "devices.identity",
    "profiles.read",
  ],
  helpdesk: [
    ...READ,
    "devices.write",
    "devices.reboot",
    "devices.factory_reset",
    "tasks.write",
    "monitoring.read",
    "audience.optout",
    "profiles.read",
  ],
  product: [
    ...READ,
    "firmware.rollout",
    "audience.read",
    "audience.optout",
    "profiles.read",
    "profiles.write",
  ],
  viewer: READ,
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

/**
 * `<root>.ManagementServer` itself or anything under it, whatever the root object is called; matched as
 * a path segment anywhere (and case-insensitively) so an odd spelling errs on the side of admin-only.
 */
const MANAGEMENT_SERVER = /(^|\.)ManagementServer(\.|$)/i;

/**
 * The periodic-inform settings are exempt: changing how often a device checks in is an everyday
 * help-desk setting (device.setInformInterval) and neither redirects the device nor reveals or
 * replaces a credential. Everything else there (URL, Username/Password, ConnectionRequest*, STUN*,
 * UpgradesManaged, ...) can hand the device to another ACS or lock this one out.
 */
const PERIODIC_INFORM =
  /^[^.]+\.ManagementServer\.(PeriodicInformEnable|PeriodicInformInterval|PeriodicInformTime)$/i;

/** The permission an operator needs to write the parameter at `path` (single edit or bulk job). */
export function permissionToWrite(path: string): Permission {
  const name = path.trim();
  return MANAGEMENT_SERVER.test(name) && !PERIODIC_INFORM.test(name)
    ? "devices.management_server"
    : "devices.write";
}
