import type { Metadata } from "next";
import { ApiTokensAdmin } from "@/components/admin/api-tokens/api-tokens-admin";
import { Forbidden } from "@/components/ui/forbidden";
import { requirePermission } from "@/server/auth/session";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  const { allowed } = await requirePermission("/admin/api-tokens", "api.tokens");
  if (!allowed) return <Forbidden what="manage API tokens" />;
  return (
    <section aria-labelledby="api-tokens-heading" className="space-y-4">
      <div>
        <h1 id="api-tokens-heading" className="text-xl font-semibold text-slate-900">
          API tokens
        </h1>
        <p className="text-sm text-slate-600">
          Tokens for integrators (OSS/BSS) calling the REST API under /api/v1. A token acts with its
          role&apos;s permissions; every call it makes is recorded in the audit log under its identity.
        </p>
      </div>
      <ApiTokensAdmin />
    </section>
  );
}
