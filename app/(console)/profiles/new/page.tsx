import type { Metadata } from "next";
import { NewProfile } from "@/components/profiles/new-profile";
import { Forbidden } from "@/components/ui/forbidden";
import { pathWithQuery } from "@/lib/auth/next-path";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "New profile" };

export default async function NewProfilePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const { allowed } = await requirePermission(pathWithQuery("/profiles/new", query), "profiles.write");
  if (!allowed) return <Forbidden what="create provisioning profiles" />;
  const template = typeof query.template === "string" ? query.template.slice(0, 64) : null;
  return <NewProfile templateId={template} />;
}
