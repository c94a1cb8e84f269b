import type { Metadata } from "next";
import { CsvImport } from "@/components/monitoring/topology/csv-import";
import { TopologyLists } from "@/components/monitoring/topology/topology-lists";
import { TopologyRules } from "@/components/monitoring/topology/topology-rules";
import { Forbidden } from "@/components/ui/forbidden";
import { LINEUP_HEADER, TOPOLOGY_HEADER } from "@/lib/monitoring/topology-csv";
import { hasPermission } from "@/lib/permissions";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Topology" };

export default async function TopologyPage() {
  const { allowed, operator } = await requirePermission("/topology", "monitoring.read");
  if (!allowed) return <Forbidden what="see the network topology" />;
  const canWrite = hasPermission(operator.role, "alarms.write");
  return (
    <div className="space-y-8">
      <section aria-labelledby="topology-heading" className="space-y-4">
        <div>
          <h1 id="topology-heading" className="text-xl font-semibold text-slate-900">
            Topology and channels
          </h1>
          <p className="text-sm text-slate-600">
            Where each household sits (access node, port, region) and the channel line-up with each
            channel&apos;s delivery chain: what dashboards, alarms and incidents attribute impairments to.
            {canWrite ? "" : " Your role can read them only."}
          </p>
        </div>
        {canWrite ? (
          <div className="grid gap-4 lg:grid-cols-2">
            <CsvImport kind="topology" title="Import topology" header={TOPOLOGY_HEADER} />
            <CsvImport kind="lineup" title="Import channel line-up" header={LINEUP_HEADER} />
          </div>
        ) : null}
        <TopologyLists />
      </section>
      <section aria-labelledby="topology-rules-heading" className="space-y-3">
        <h2 id="topology-rules-heading" className="text-base font-semibold text-slate-900">
          Topology rules
        </h2>
        <TopologyRules canWrite={canWrite} />
      </section>
    </div>
  );
}
