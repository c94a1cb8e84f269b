import type { Metadata } from "next";
import { NewWave } from "@/components/firmware/waves/new/new-wave";
import { Forbidden } from "@/components/ui/forbidden";
import { pathWithQuery } from "@/lib/auth/next-path";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "New wave" };

/**
 * The query string is the device list's (`/waves/new?productClass=…`): a wave for the devices the
 * operator was looking at. Without one, the wave targets one of the operator's saved searches.
 */
export default async function NewWavePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const { allowed } = await requirePermission(pathWithQuery("/waves/new", query), "firmware.rollout");
  if (!allowed) return <Forbidden what="create firmware waves" />;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === "string") params.set(key, value);
  }
  return <NewWave searchQuery={params.toString()} />;
}
