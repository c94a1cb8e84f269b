import type { Metadata } from "next";
import Link from "next/link";
import { ImagesTable } from "@/components/firmware/images/images-table";
import { UploadImageButton } from "@/components/firmware/images/upload-dialog";
import { Forbidden } from "@/components/ui/forbidden";
import { hasPermission } from "@/lib/permissions";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Software store" };

export default async function FirmwarePage() {
  const { allowed, operator } = await requirePermission("/firmware", "firmware.read");
  if (!allowed) return <Forbidden what="see the software store" />;
  return (
    <section aria-labelledby="firmware-heading" className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 id="firmware-heading" className="text-xl font-semibold text-slate-900">
            Software store
          </h1>
          <p className="text-sm text-slate-600">
            Firmware images, configuration files and applications, each signed by a trusted originator. A
            published image is offered to the devices it applies to from its release date.
          </p>
        </div>
        <div className="flex items-center gap-3">
          <a href="/api/firmware/feed" className="text-sm font-medium text-sky-800 hover:underline">
            JSON feed
          </a>
          {hasPermission(operator.role, "firmware.keys") ? (
            <Link href="/firmware/keys" className="text-sm font-medium text-sky-800 hover:underline">
              Originator keys
            </Link>
          ) : null}
          {hasPermission(operator.role, "firmware.rollout") ? <UploadImageButton /> : null}
        </div>
      </div>
      <ImagesTable />
    </section>
  );
}
