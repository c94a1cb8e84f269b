import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditLog } from "@/components/admin/audit-log";
import { Forbidden } from "@/components/ui/forbidden";
import { hasPermission } from "@/lib/permissions";
import { getCurrentOperator } from "@/server/auth/session";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  const { operator } = await getCurrentOperator();
  if (!operator || !hasPermission(operator.role, "audit.read"))
    return <Forbidden what="read the audit log" />;
  return (
    <section aria-labelledby="audit-heading" className="space-y-4">
      <div>
        <h1 id="audit-heading" className="text-xl font-semibold text-slate-900">
          Audit log
        </h1>
        <p className="text-sm text-slate-600">
          Who did what, when, to which device, with before and after values.
        </p>
      </div>
      {/* The log reads its filters from the URL (useSearchParams). */}
      <Suspense>
        <AuditLog />
      </Suspense>
    </section>
  );
}
