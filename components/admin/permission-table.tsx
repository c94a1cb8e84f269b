"use client";

import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { ROLE_LABELS, ROLES } from "@/lib/operators/schemas";
import type { Permission } from "@/lib/permissions";
import type { Role } from "@/server/generated/prisma/enums";
import { PERMISSION_LABELS } from "./permission-labels";

/**
 * Roles × permissions, rendered from the table the server enforces (passed in by the page, a server
 * component, so this renders exactly what procedures check). One row per permission, its name a row
 * header, so a screen reader reads "Reboot a device, Help desk, Allowed"; roles can be hidden to
 * compare two side by side.
 */
export function PermissionTable({
  permissions,
  granted,
}: {
  permissions: readonly Permission[];
  granted: Record<Role, readonly Permission[]>;
}) {
  const columns: DataColumn<{ permission: Permission }>[] = [
    {
      id: "permission",
      header: "Permission",
      hideable: false,
      rowHeader: true,
      // The permission column stays in view while a phone scrolls the roles sideways.
      headerClassName: "sticky left-0 bg-slate-50",
      className: "sticky left-0 max-w-56 bg-white whitespace-normal",
      cell: ({ permission }) => (
        <>
          <div className="text-slate-900">{PERMISSION_LABELS[permission]}</div>
          <div className="font-mono text-xs text-slate-600">{permission}</div>
        </>
      ),
    },
    ...ROLES.map((role): DataColumn<{ permission: Permission }> => ({
      id: role,
      header: ROLE_LABELS[role],
      className: "text-center",
      cell: ({ permission }) => {
        const yes = granted[role].includes(permission);
        return (
          <>
            <span aria-hidden className={yes ? "text-emerald-700" : "text-slate-400"}>
              {yes ? "✓" : "—"}
            </span>
            <span className="sr-only">{yes ? "Allowed" : "Not allowed"}</span>
          </>
        );
      },
    })),
  ];
  return (
    <DataTable
      label="What each role may do"
      columns={columns}
      rows={permissions.map((permission) => ({ permission }))}
      getRowId={(r) => r.permission}
      persistKey="roles"
      maxHeight="max-h-none"
    />
  );
}
