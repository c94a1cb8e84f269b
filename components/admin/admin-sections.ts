// The admin area's sections and the permission each needs: the top bar, the admin tabs and the
// /admin redirect all read this one list.
import type { Permission } from "@/lib/permissions";
import { hasPermission } from "@/lib/permissions";
import type { Role } from "@/server/generated/prisma/enums";

export const ADMIN_SECTIONS = [
  { href: "/admin/operators", label: "Operators", permission: "operators.manage" },
  { href: "/admin/roles", label: "Roles", permission: "operators.manage" },
  { href: "/admin/audit", label: "Audit log", permission: "audit.read" },
  { href: "/admin/data-models", label: "Data models", permission: "datamodel.manage" },
  { href: "/admin/api-tokens", label: "API tokens", permission: "api.tokens" },
  { href: "/admin/webhooks", label: "Webhooks", permission: "webhooks.manage" },
] as const satisfies readonly { href: string; label: string; permission: Permission }[];

export function adminSectionsFor(role: Role) {
  return ADMIN_SECTIONS.filter((s) => hasPermission(role, s.permission));
}
