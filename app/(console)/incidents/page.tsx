import type { Metadata } from "next";
import { IncidentsView } from "@/components/monitoring/incidents/incidents-view";
import { Forbidden } from "@/components/ui/forbidden";
import { pathWithQuery } from "@/lib/auth/next-path";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Incidents" };

const STATES = ["open", "resolved", "all"] as const;

export default async function IncidentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const { allowed } = await requirePermission(pathWithQuery("/incidents", query), "monitoring.read");
  if (!allowed) return <Forbidden what="see incidents" />;
  const state = STATES.find((s) => s === query.state) ?? "open";
  return (
    <section aria-labelledby="incidents-heading" className="space-y-4">
      <div>
        <h1 id="incidents-heading" className="text-xl font-semibold text-slate-900">
          Incidents
        </h1>
        <p className="text-sm text-slate-600">
          Impairments correlated across devices and layers to their most probable injection point: source /
          headend, regional insertion point, access segment, home network, or a device model / firmware.
        </p>
      </div>
      <IncidentsView state={state} />
    </section>
  );
}
