import type { Metadata } from "next";
import { PermissionTable } from "@/components/admin/permission-table";
import { Forbidden } from "@/components/ui/forbidden";
import { PERMISSIONS, ROLE_PERMISSIONS } from "@/lib/permissions";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Roles" };

export default async function RolesPage() {
  const { allowed } = await requirePermission("/admin/roles", "operators.manage");
  if (!allowed) return <Forbidden what="see what each role may do" />;
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
