// Permission checks that raise: the table and its pure lookups live in lib/permissions.ts (the
// console reads them too); refusing with an AppError is the server's part.
import type { Role } from "../generated/prisma/enums";
import { hasPermission, permissionToWrite } from "../../lib/permissions";
import { AppError } from "./app-error";

/**
 * Refuses an operator's write to a parameter their role may not change. Only operator actions ask:
 * the ACS's own provisioning writes (server/devices/provisioning.ts) set ManagementServer values as
 * part of the protocol and do not go through here.
 */
export function assertMayWrite(role: Role, path: string): void {
  const needed = permissionToWrite(path);
  if (!hasPermission(role, needed)) {
    throw new AppError("forbidden", `Your role (${role}) lacks ${needed} to change ${path}`);
  }
}
