import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BulkJobDetail } from "@/components/bulk/job-detail";
import { Forbidden } from "@/components/ui/forbidden";
import { requirePermission } from "@/server/auth/session";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Bulk job #${(await params).id}` };
}

export default async function BulkJobPage({ params }: { params: Promise<{ id: string }> }) {
  const raw = (await params).id;
  const { allowed } = await requirePermission(`/bulk/${encodeURIComponent(raw)}`, "devices.read");
  if (!allowed) return <Forbidden what="see bulk jobs" />;
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <BulkJobDetail id={id} />;
}
