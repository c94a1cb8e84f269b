import type { Metadata } from "next";
import { AlarmFilters } from "@/components/monitoring/alarms/alarm-filters";
import { AlarmRules } from "@/components/monitoring/alarms/alarm-rules";
import { AlarmsTable } from "@/components/monitoring/alarms/alarms-table";
import { ALARM_STATE_FILTERS } from "@/components/monitoring/alarms/filter";
import { Forbidden } from "@/components/ui/forbidden";
import { pathWithQuery } from "@/lib/auth/next-path";
import { ALARM_SEVERITIES } from "@/lib/monitoring/alarm-schema";
import { hasPermission } from "@/lib/permissions";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Alarms" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function AlarmsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const { allowed, operator } = await requirePermission(pathWithQuery("/alarms", query), "monitoring.read");
  if (!allowed) return <Forbidden what="see alarms" />;
  const canWrite = hasPermission(operator.role, "alarms.write");
  const filter = {
    state: ALARM_STATE_FILTERS.find((s) => s === one(query.state)) ?? "open",
    severity: ALARM_SEVERITIES.find((s) => s === one(query.severity)),
    unacknowledged: one(query.unacked) === "1",
  };
  return (
    <div className="space-y-8">
      <section aria-labelledby="alarms-heading" className="space-y-4">
        <div>
          <h1 id="alarms-heading" className="text-xl font-semibold text-slate-900">
            Alarms
          </h1>
          <p className="text-sm text-slate-600">
            Threshold rules per metric and scope, raised after their condition holds and cleared with
            hysteresis. {canWrite ? "Acknowledge what you are handling." : "Your role can read alarms only."}
          </p>
        </div>
        <AlarmFilters value={filter} />
        <AlarmsTable
          filter={{ ...filter, unacknowledged: filter.unacknowledged || undefined }}
          canAck={canWrite}
        />
      </section>
      <section aria-labelledby="rules-heading" className="space-y-3">
        <h2 id="rules-heading" className="text-base font-semibold text-slate-900">
          Rules
        </h2>
        <AlarmRules canWrite={canWrite} />
      </section>
    </div>
  );
}
