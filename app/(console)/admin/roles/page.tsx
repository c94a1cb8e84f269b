import type { Metadata } from "next";
import { PermissionTable } from "@/components/admin/permission-table";
import { Forbidden } from "@/components/ui/forbidden";
import { hasPermission, PERMISSIONS, ROLE_PERMISSIONS } from "@/lib/permissions";
import { getCurrentOperator } from "@/server/auth/session";

export const metadata: Metadata = { title: "Roles" };

export default async function RolesPage() {
  const { operator } = await getCurrentOperator();
  if (!operator || !hasPermission(operator.role, "operators.manage"))
    return <Forbidden what="see what each role may do" />;
  return (
    <section aria-labelledby="roles-heading" className="space-y-4">
      <div>
        <h1 id="roles-heading" className="text-xl font-semibold text-slate-900">
          Roles
        </h1>
        <p className="text-sm text-slate-600">
          What each role may do. The server checks every action against this same table.
        </p>
      </div>
      <PermissionTable permissions={PERMISSIONS} granted={ROLE_PERMISSIONS} />
    </section>
  );
}
