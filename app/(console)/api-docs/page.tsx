import type { Metadata } from "next";
import { ApiReference } from "@/components/api-docs/api-reference";
import { requireOperator } from "@/server/auth/session";
import { settings } from "@/server/env";
import { API_BASE_PATH, generateApiDocument } from "@/server/nbi/rest/openapi";

export const metadata: Metadata = { title: "Northbound API" };
export const dynamic = "force-dynamic";

/** Any signed-in operator may read the reference; calling the API needs a token. */
export default async function ApiDocsPage() {
  await requireOperator("/api-docs");
  const document = generateApiDocument();
  const baseUrl = `${settings().PUBLIC_URL?.replace(/\/$/, "") ?? ""}${API_BASE_PATH}`;
  return (
    <section aria-labelledby="api-docs-heading" className="space-y-4">
      <div>
        <h1 id="api-docs-heading" className="text-xl font-semibold text-slate-900">
          Northbound API
        </h1>
        <p className="text-sm text-slate-600">
          REST API v1 for OSS/BSS integration, served by the same rules as this console.
        </p>
      </div>
      <ApiReference document={document} baseUrl={baseUrl} />
    </section>
  );
}
