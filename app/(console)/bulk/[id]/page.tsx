import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BulkJobDetail } from "@/components/bulk/job-detail";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Bulk job #${(await params).id}` };
}

export default async function BulkJobPage({ params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <BulkJobDetail id={id} />;
}
