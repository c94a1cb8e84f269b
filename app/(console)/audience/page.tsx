import type { Metadata } from "next";
import { Suspense } from "react";
import { AudienceNav } from "@/components/audience/audience-nav";
import { AudienceReports } from "@/components/audience/audience-reports";
import { Forbidden } from "@/components/ui/forbidden";
import { pathWithQuery } from "@/lib/auth/next-path";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Audience" };

export default async function AudiencePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const path = pathWithQuery("/audience", await searchParams);
  const { allowed, operator } = await requirePermission(path, "audience.read");
  if (!allowed) return <Forbidden what="read audience reports" />;
  return (
    <section aria-labelledby="audience-heading" className="space-y-4">
      <div className="space-y-2">
        <h1 id="audience-heading" className="text-xl font-semibold text-slate-900">
          Audience
        </h1>
        <p className="text-sm text-slate-600">
          What subscribers watch, from published aggregates only: every figure stands for at least k
          households; individual viewing is never shown. Each report you run is recorded in the privacy log.
        </p>
        <AudienceNav role={operator.role} current="reports" />
      </div>
      {/* The reports read their filters and view from the URL (useSearchParams). */}
      <Suspense>
        <AudienceReports />
      </Suspense>
    </section>
  );
}
