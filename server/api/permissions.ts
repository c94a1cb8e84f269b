// Permissions are declared once; roles map to them in one table (dub's pattern). Procedures ask for a
// permission, never for a role, so a new role is a one-line change here.
import type { Role } from "../generated/prisma/enums";

export const PERMISSIONS = [
  "devices.read",
  "devices.write",
  "devices.reboot",
  "devices.factory_reset",
  "devices.bulk",
  "tasks.read",
  "tasks.write",
  "faults.read",
  "operators.manage",
  "audit.read",
  "firmware.read",
  "firmware.rollout",
  "audience.read",
  "monitoring.read",
  "datamodel.manage",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** What every signed-in operator may look at. */
const READ: readonly Permission[] = ["devices.read", "tasks.read", "faults.read", "firmware.read"];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  noc: [...READ, "monitoring.read", "audit.read", "devices.bulk"],
  helpdesk: [...READ, "devices.write", "devices.reboot", "devices.factory_reset", "tasks.write"],
  product: [...READ, "firmware.rollout", "audience.read", "monitoring.read"],
  viewer: READ,
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}
