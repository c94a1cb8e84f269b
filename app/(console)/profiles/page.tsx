import type { Metadata } from "next";
import { ConflictsPanel } from "@/components/profiles/conflicts-panel";
import { NewProfileButton } from "@/components/profiles/new-profile-dialog";
import { ProfilesTable } from "@/components/profiles/profiles-table";
import { Forbidden } from "@/components/ui/forbidden";
import { hasPermission } from "@/lib/permissions";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Profiles" };

export default async function ProfilesPage() {
  const { allowed, operator } = await requirePermission("/profiles", "profiles.read");
  if (!allowed) return <Forbidden what="see provisioning profiles" />;
  return (
    <section aria-labelledby="profiles-heading" className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 id="profiles-heading" className="text-xl font-semibold text-slate-900">
            Profiles
          </h1>
          <p className="text-sm text-slate-600">
            Desired configuration applied to every device a profile matches, at the sessions its triggers
            name. Counts update live while devices are still converging.
          </p>
        </div>
        {hasPermission(operator.role, "profiles.write") ? <NewProfileButton /> : null}
      </div>
      <ProfilesTable />
      <ConflictsPanel />
    </section>
  );
}
