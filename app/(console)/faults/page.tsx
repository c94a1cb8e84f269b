import type { Metadata } from "next";
import { FaultsView } from "@/components/faults/faults-view";
import { windowFromParam } from "@/components/faults/labels";
import { Forbidden } from "@/components/ui/forbidden";
import { pathWithQuery } from "@/lib/auth/next-path";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Faults" };

export default async function FaultsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const { allowed } = await requirePermission(pathWithQuery("/faults", query), "faults.read");
  if (!allowed) return <Forbidden what="see faults" />;
  const days = windowFromParam(query.days);
  return (
    <section aria-labelledby="faults-heading" className="space-y-4">
      <div>
        <h1 id="faults-heading" className="text-xl font-semibold text-slate-900">
          Faults
        </h1>
        <p className="text-sm text-slate-600">
          CPE faults, failed tasks and session errors across the fleet, grouped by fault code, task, model and
          software version (the version a device runs now). Open a group&apos;s devices, or queue its failed
          tasks again. Updates every 30 s.
        </p>
      </div>
      <FaultsView days={days} />
    </section>
  );
}
