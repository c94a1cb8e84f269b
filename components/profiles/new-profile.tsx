"use client";

import Link from "next/link";
import type { ProfileSaveInput } from "@/lib/profiles/input";
import { ProfileEditor } from "./editor/profile-editor";
import { useTemplates } from "./use-profiles";

const BLANK: ProfileSaveInput = {
  name: "",
  description: "",
  enabled: false,
  priority: 100,
  rolloutPerMinute: null,
  definition: { triggers: ["boot", "periodic"], parameters: [], attributes: [], objects: [] },
  secrets: {},
  template: null,
};

/** A blank profile, or an editable copy of a template (?template=<id>). */
export function NewProfile({ templateId }: { templateId: string | null }) {
  const templates = useTemplates();
  if (templateId && templates.isPending)
    return <p className="text-sm text-slate-600">Loading the template…</p>;
  const template = templateId ? templates.data?.find((t) => t.id === templateId) : undefined;
  const initial: ProfileSaveInput = template
    ? {
        ...BLANK,
        name: template.name,
        description: template.description,
        definition: template.definition,
        template: template.id,
      }
    : BLANK;
  return (
    <section aria-labelledby="new-profile-heading" className="space-y-4">
      <div>
        <p className="text-sm">
          <Link href="/profiles" className="text-sky-800 hover:underline">
            Profiles
          </Link>
        </p>
        <h1 id="new-profile-heading" className="text-xl font-semibold text-slate-900">
          New profile{template ? ` from ${template.name}` : ""}
        </h1>
        {templateId && !template ? (
          <p role="alert" className="text-sm text-red-700">
            No template &quot;{templateId}&quot;; starting blank.
          </p>
        ) : null}
      </div>
      <ProfileEditor
        key={template?.id ?? "blank"}
        id={null}
        initial={initial}
        storedSecrets={[]}
        readOnly={false}
      />
    </section>
  );
}
