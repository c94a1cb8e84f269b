import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { WaveDetail } from "@/components/firmware/waves/detail/wave-detail";
import { Forbidden } from "@/components/ui/forbidden";
import { hasPermission } from "@/lib/permissions";
import { requirePermission } from "@/server/auth/session";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Wave #${(await params).id}` };
}

export default async function WavePage({ params }: { params: Promise<{ id: string }> }) {
  const raw = (await params).id;
  const { allowed, operator } = await requirePermission(`/waves/${encodeURIComponent(raw)}`, "firmware.read");
  if (!allowed) return <Forbidden what="see firmware waves" />;
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <WaveDetail id={id} canRollout={hasPermission(operator.role, "firmware.rollout")} />;
}
