import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditLog } from "@/components/admin/audit-log";
import { Forbidden } from "@/components/ui/forbidden";
import { pathWithQuery } from "@/lib/auth/next-path";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const path = pathWithQuery("/admin/audit", await searchParams);
  const { allowed } = await requirePermission(path, "audit.read");
  if (!allowed) return <Forbidden what="read the audit log" />;
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
