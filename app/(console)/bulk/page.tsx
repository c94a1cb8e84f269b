import type { Metadata } from "next";
import { BulkJobsTable } from "@/components/bulk/jobs-table";
import { Forbidden } from "@/components/ui/forbidden";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Bulk jobs" };

export default async function BulkJobsPage() {
  const { allowed } = await requirePermission("/bulk", "devices.read");
  if (!allowed) return <Forbidden what="see bulk jobs" />;
  return (
    <section aria-labelledby="bulk-heading" className="space-y-4">
      <div>
        <h1 id="bulk-heading" className="text-xl font-semibold text-slate-900">
          Bulk jobs
        </h1>
        <p className="text-sm text-slate-600">
          Work applied to many devices in the background, throttled. Updates live.
        </p>
      </div>
      <BulkJobsTable />
    </section>
  );
}
