import type { Metadata } from "next";
import { FleetOverview } from "@/components/monitoring/fleet-overview";
import { breakdownFromParam, rangeFromParam } from "@/components/monitoring/labels";
import { Forbidden } from "@/components/ui/forbidden";
import { pathWithQuery } from "@/lib/auth/next-path";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Monitoring" };

export default async function MonitoringPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const { allowed } = await requirePermission(pathWithQuery("/monitoring", query), "monitoring.read");
  if (!allowed) return <Forbidden what="see stream quality monitoring" />;
  return (
    <section aria-labelledby="monitoring-heading" className="space-y-4">
      <div>
        <h1 id="monitoring-heading" className="text-xl font-semibold text-slate-900">
          Monitoring
        </h1>
        <p className="text-sm text-slate-600">
          Share of viewing time impaired at each layer (IP / RTP, MPEG-TS, decoder, buffer), QoE, open
          incidents and alarms across the fleet. Every chart and row opens the devices behind it.
        </p>
      </div>
      <FleetOverview range={rangeFromParam(query.range)} by={breakdownFromParam(query.by)} />
    </section>
  );
}
