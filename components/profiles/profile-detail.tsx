"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { NotFoundMessage } from "@/components/ui/not-found-message";
import { Tabs } from "@/components/ui/tabs";
import { useTRPC } from "@/trpc/react";
import { ProfileEditor } from "./editor/profile-editor";
import { ProfileActions } from "./profile-actions";
import { EnabledBadge } from "./status-counts";
import { VersionHistory } from "./version-history";

/** One profile: its definition in the editor, its version history, and enable / delete. */
export function ProfileDetail({ id, canWrite }: { id: number; canWrite: boolean }) {
  const trpc = useTRPC();
  const profile = useQuery(trpc.profiles.get.queryOptions({ id }));
  const [tab, setTab] = useState<"definition" | "history">("definition");
  if (profile.isPending) return <p className="text-sm text-slate-600">Loading profile…</p>;
  if (profile.isError) {
    if (profile.error.data?.code === "NOT_FOUND") return <NotFoundMessage what="profile" />;
    return (
      <p role="alert" className="text-sm text-red-700">
        Could not load the profile: {profile.error.message}
      </p>
    );
  }
  const p = profile.data;
  return (
    <section aria-labelledby="profile-heading" className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-sm">
            <Link href="/profiles" className="text-sky-800 hover:underline">
              Profiles
            </Link>
          </p>
          <h1 id="profile-heading" className="flex items-center gap-2 text-xl font-semibold text-slate-900">
            {p.name} <EnabledBadge enabled={p.enabled} />
          </h1>
          <p className="text-sm text-slate-600">
            Version {p.version}, priority {p.priority}, last saved by {p.updatedBy}
            {canWrite ? "" : " (read-only: your role cannot edit profiles)"}
          </p>
        </div>
        {canWrite ? <ProfileActions id={p.id} name={p.name} enabled={p.enabled} /> : null}
      </div>
      <Tabs
        label="Profile"
        value={tab}
        onChange={setTab}
        items={[
          {
            id: "definition",
            label: "Definition",
            panel: (
              <ProfileEditor
                // A new version (saved, enabled, disabled) starts the form from what is stored.
                key={`${p.version}-${p.enabled}`}
                id={p.id}
                readOnly={!canWrite}
                storedSecrets={p.secretNames}
                initial={{
                  name: p.name,
                  description: p.description,
                  enabled: p.enabled,
                  priority: p.priority,
                  rolloutPerMinute: p.rolloutPerMinute,
                  definition: p.definition,
                  secrets: {},
                  template: p.template,
                }}
              />
            ),
          },
          {
            id: "history",
            label: `History (${p.versions.length})`,
            panel: <VersionHistory versions={p.versions} />,
          },
        ]}
      />
    </section>
  );
}
