import type { Metadata } from "next";
import Link from "next/link";
import { KeysPanel } from "@/components/firmware/keys/keys-panel";
import { Forbidden } from "@/components/ui/forbidden";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Originator keys" };

export default async function KeysPage() {
  const { allowed } = await requirePermission("/firmware/keys", "firmware.keys");
  if (!allowed) return <Forbidden what="manage originator keys" />;
  return (
    <section aria-labelledby="keys-heading" className="space-y-6">
      <div>
        <Link href="/firmware" className="text-sm text-sky-800 hover:underline">
          ← Software store
        </Link>
        <h1 id="keys-heading" className="text-xl font-semibold text-slate-900">
          Originator keys
        </h1>
        <p className="text-sm text-slate-600">
          An image is accepted only with a valid signature from one of these keys (unless signing is turned
          off). Revoking a key refuses its new uploads.
        </p>
      </div>
      <KeysPanel />
    </section>
  );
}
