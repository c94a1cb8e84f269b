import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ImageDetail } from "@/components/firmware/images/image-detail";
import { Forbidden } from "@/components/ui/forbidden";
import { hasPermission } from "@/lib/permissions";
import { requirePermission } from "@/server/auth/session";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Image #${(await params).id}` };
}

export default async function ImagePage({ params }: { params: Promise<{ id: string }> }) {
  const raw = (await params).id;
  const { allowed, operator } = await requirePermission(
    `/firmware/${encodeURIComponent(raw)}`,
    "firmware.read",
  );
  if (!allowed) return <Forbidden what="see the software store" />;
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) notFound();
  return <ImageDetail id={id} canRollout={hasPermission(operator.role, "firmware.rollout")} />;
}
