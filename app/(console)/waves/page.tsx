import type { Metadata } from "next";
import Link from "next/link";
import { WavesTable } from "@/components/firmware/waves/waves-table";
import { Forbidden } from "@/components/ui/forbidden";
import { hasPermission } from "@/lib/permissions";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Waves" };

export default async function WavesPage() {
  const { allowed, operator } = await requirePermission("/waves", "firmware.read");
  if (!allowed) return <Forbidden what="see firmware waves" />;
  return (
    <section aria-labelledby="waves-heading" className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 id="waves-heading" className="text-xl font-semibold text-slate-900">
            Waves
          </h1>
          <p className="text-sm text-slate-600">
            Firmware and app rollouts in stages: a canary first, then larger stages, pausing on their own when
            too many devices fail.
          </p>
        </div>
        {hasPermission(operator.role, "firmware.rollout") ? (
          <Link
            href="/waves/new"
            className="inline-flex items-center rounded-md bg-sky-700 px-3 py-2 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
          >
            New wave
          </Link>
        ) : null}
      </div>
      <WavesTable />
    </section>
  );
}
