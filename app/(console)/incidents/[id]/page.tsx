import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { IncidentDetail } from "@/components/monitoring/incidents/incident-detail";
import { Forbidden } from "@/components/ui/forbidden";
import { hasPermission } from "@/lib/permissions";
import { requirePermission } from "@/server/auth/session";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Incident #${(await params).id}` };
}

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const raw = (await params).id;
  const { allowed, operator } = await requirePermission(
    `/incidents/${encodeURIComponent(raw)}`,
    "monitoring.read",
  );
  if (!allowed) return <Forbidden what="see incidents" />;
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) notFound();
  return (
    <section aria-labelledby="incident-heading" className="space-y-4">
      <p className="text-sm">
        <Link href="/incidents" className="text-sky-800 underline underline-offset-2">
          Incidents
        </Link>
      </p>
      <IncidentDetail id={id} canAcknowledge={hasPermission(operator.role, "alarms.write")} />
    </section>
  );
}
