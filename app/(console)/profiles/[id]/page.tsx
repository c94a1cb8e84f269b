import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ProfileDetail } from "@/components/profiles/profile-detail";
import { Forbidden } from "@/components/ui/forbidden";
import { hasPermission } from "@/lib/permissions";
import { requirePermission } from "@/server/auth/session";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Profile #${(await params).id}` };
}

export default async function ProfilePage({ params }: { params: Promise<{ id: string }> }) {
  const raw = (await params).id;
  const { allowed, operator } = await requirePermission(
    `/profiles/${encodeURIComponent(raw)}`,
    "profiles.read",
  );
  if (!allowed) return <Forbidden what="see provisioning profiles" />;
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <ProfileDetail id={id} canWrite={hasPermission(operator.role, "profiles.write")} />;
}
