import type { Metadata } from "next";
import { Suspense } from "react";
import { DeviceList } from "@/components/devices/device-list";
import { Forbidden } from "@/components/ui/forbidden";
import { pathWithQuery } from "@/lib/auth/next-path";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Devices" };

export default async function DevicesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // The search lives in the query, so signing in returns to the same list.
  const { allowed } = await requirePermission(pathWithQuery("/devices", await searchParams), "devices.read");
  if (!allowed) return <Forbidden what="see devices" />;
  return (
    <section aria-labelledby="devices-heading" className="space-y-4">
      <div>
        <h1 id="devices-heading" className="text-xl font-semibold text-slate-900">
          Devices
        </h1>
        {/* Phones skip the description so the first rows fit on the first screen. */}
        <p className="hidden text-sm text-slate-600 sm:block">
          Gateways and set-top boxes managed by this ACS. Updates live; the search is in the address bar, so a
          link to this page shares it.
        </p>
      </div>
      {/* The list reads its search from the URL (useSearchParams), which needs a Suspense boundary. */}
      <Suspense fallback={<p className="text-sm text-slate-500">Loading devices…</p>}>
        <DeviceList />
      </Suspense>
    </section>
  );
}
