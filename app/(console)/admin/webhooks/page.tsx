import type { Metadata } from "next";
import { WebhooksAdmin } from "@/components/admin/webhooks/webhooks-admin";
import { Forbidden } from "@/components/ui/forbidden";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const { allowed } = await requirePermission("/admin/webhooks", "webhooks.manage");
  if (!allowed) return <Forbidden what="manage webhooks" />;
  return (
    <section aria-labelledby="webhooks-heading" className="space-y-4">
      <div>
        <h1 id="webhooks-heading" className="text-xl font-semibold text-slate-900">
          Webhooks
        </h1>
        <p className="text-sm text-slate-600">
          Signed event deliveries to integrators (HMAC-SHA256 in the Vantage-Signature header), retried with
          back-off. Every change is recorded in the audit log.
        </p>
      </div>
      <WebhooksAdmin />
    </section>
  );
}
