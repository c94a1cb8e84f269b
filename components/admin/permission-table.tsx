import type { Permission } from "@/lib/permissions";
import type { Role } from "@/server/generated/prisma/enums";
import { ROLE_LABELS, ROLES } from "@/lib/operators/schemas";
import { PERMISSION_LABELS } from "./permission-labels";

/**
 * Roles × permissions, rendered from the table the server enforces (passed in by the page, a server
 * component, so this renders exactly what procedures check). A static matrix: a plain table with
 * row and column headers reads best in a screen reader.
 */
export function PermissionTable({
  permissions,
  granted,
}: {
  permissions: readonly Permission[];
  granted: Record<Role, readonly Permission[]>;
}) {
  return (
    <div className="overflow-auto rounded-lg border border-slate-200 bg-white shadow-xs">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">What each role may do</caption>
        <thead className="sticky top-0 bg-slate-50">
          <tr>
            {/* The permission column stays in view while a phone scrolls the roles sideways. */}
            <th
              scope="col"
              className="sticky left-0 bg-slate-50 px-4 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase"
            >
              Permission
            </th>
            {ROLES.map((role) => (
              <th
                key={role}
                scope="col"
                className="px-3 py-2.5 text-center text-xs font-semibold tracking-wide text-slate-600 uppercase"
              >
                {ROLE_LABELS[role]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {permissions.map((p) => (
            <tr key={p}>
              <th scope="row" className="sticky left-0 max-w-56 bg-white px-4 py-2 text-left font-normal">
                <div className="text-slate-900">{PERMISSION_LABELS[p]}</div>
                <div className="font-mono text-xs text-slate-600">{p}</div>
              </th>
              {ROLES.map((role) => {
                const yes = granted[role].includes(p);
                return (
                  <td key={role} className="px-3 py-2 text-center">
                    <span aria-hidden className={yes ? "text-emerald-700" : "text-slate-400"}>
                      {yes ? "✓" : "—"}
                    </span>
                    <span className="sr-only">{yes ? "Allowed" : "Not allowed"}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
