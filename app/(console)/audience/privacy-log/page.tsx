import type { Metadata } from "next";
import { AudienceNav } from "@/components/audience/audience-nav";
import { PrivacyLog } from "@/components/audience/privacy-log";
import { Forbidden } from "@/components/ui/forbidden";
import { hasPermission } from "@/lib/permissions";
import { requireOperator } from "@/server/auth/session";

export const metadata: Metadata = { title: "Audience privacy log" };

export default async function PrivacyLogPage() {
  const operator = await requireOperator("/audience/privacy-log");
  // The router asks for both: reading who looked at audience data is an audit right over audience data.
  if (!hasPermission(operator.role, "audience.read") || !hasPermission(operator.role, "audit.read"))
    return <Forbidden what="read the audience privacy log" />;
  return (
    <section aria-labelledby="privacy-log-heading" className="space-y-4">
      <div className="space-y-2">
        <h1 id="privacy-log-heading" className="text-xl font-semibold text-slate-900">
          Audience privacy log
        </h1>
        <p className="text-sm text-slate-600">
          Who ran which audience report or export, when, with which filters, and how many of its cells were
          suppressed.
        </p>
        <AudienceNav role={operator.role} current="privacy-log" />
      </div>
      <PrivacyLog />
    </section>
  );
}
