import type { Metadata } from "next";
import { ConflictsTable } from "@/components/identity/conflicts-table";
import { Forbidden } from "@/components/ui/forbidden";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Identity conflicts" };

export default async function IdentityConflictsPage() {
  const { allowed } = await requirePermission("/identity-conflicts", "devices.read");
  if (!allowed) return <Forbidden what="see identity conflicts" />;
  return (
    <section aria-labelledby="conflicts-heading" className="space-y-4">
      <div>
        <h1 id="conflicts-heading" className="text-xl font-semibold text-slate-900">
          Identity conflicts
        </h1>
        <p className="text-sm text-slate-600">
          Known devices that tried to BOOTSTRAP with only the shared CWMP credentials after they had been
          given their own. They are refused and sent nothing until an operator accepts (the device was
          factory-reset) or rejects (something else is using its identity). Updates live.
        </p>
      </div>
      <ConflictsTable />
    </section>
  );
}
