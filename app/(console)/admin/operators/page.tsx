import type { Metadata } from "next";
import { Forbidden } from "@/components/ui/forbidden";
import { OperatorsAdmin } from "@/components/admin/operators-admin";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Operators" };

export default async function OperatorsPage() {
  const { operator, allowed } = await requirePermission("/admin/operators", "operators.manage");
  if (!allowed) return <Forbidden what="manage operators" />;
  return (
    <section aria-labelledby="operators-heading" className="space-y-4">
      <div>
        <h1 id="operators-heading" className="text-xl font-semibold text-slate-900">
          Operators
        </h1>
        <p className="text-sm text-slate-600">
          Console accounts and their roles. Every change is recorded in the audit log.
        </p>
      </div>
      <OperatorsAdmin currentOperatorId={operator.id} />
    </section>
  );
}
