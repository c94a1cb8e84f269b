import type { Metadata } from "next";
import { AudienceNav } from "@/components/audience/audience-nav";
import { OptOuts } from "@/components/audience/opt-outs";
import { Forbidden } from "@/components/ui/forbidden";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Audience opt-outs" };

export default async function OptOutsPage() {
  const { allowed, operator } = await requirePermission("/audience/opt-outs", "audience.optout");
  if (!allowed) return <Forbidden what="record audience measurement opt-outs" />;
  return (
    <section aria-labelledby="optouts-heading" className="space-y-4">
      <div className="space-y-2">
        <h1 id="optouts-heading" className="text-xl font-semibold text-slate-900">
          Audience measurement opt-outs
        </h1>
        <p className="text-sm text-slate-600">
          Households that asked not to be measured. Recording an opt-out deletes what the audience store holds
          for the household and drops its viewing from then on; withdrawing it restores nothing.
        </p>
        <AudienceNav role={operator.role} current="opt-outs" />
      </div>
      <OptOuts />
    </section>
  );
}
