// The OpenAPI 3.1 document of /api/v1, generated from the procedures' zod schemas. Every operation
// names the scope it needs (x-required-scope, and in its description) and answers errors in the one
// error shape (errors.ts), replacing the generator's own error schema.
import "server-only";
import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";
import { settings } from "../../env";
import { apiErrorSchema } from "./errors";
import { RAW_API_PATHS } from "./resources/raw-paths";
import { apiRouter } from "./router";
import type { ApiMeta } from "./trpc";

export const API_BASE_PATH = "/api/v1";

const ERRORS: Record<string, string> = {
  "401": "Missing, malformed, unknown, expired or revoked token",
  "403": "The token lacks the scope this operation needs",
  "404": "No such resource (or not visible to this token)",
  "409": "Conflicts with the resource's state",
  "422": "Invalid input: see error.fieldErrors",
  "429": "Over the token's rate limit: see Retry-After",
  "500": "Internal error: quote error.requestId",
};

const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;

interface Operation {
  description?: string;
  responses?: Record<string, unknown>;
  [key: string]: unknown;
}

/** method + OpenAPI path -> the scope its procedure declares */
function scopesByOperation(): Map<string, string> {
  const out = new Map<string, string>();
  const procedures = apiRouter._def.procedures as unknown as Record<string, { _def: { meta?: ApiMeta } }>;
  for (const procedure of Object.values(procedures)) {
    const meta = procedure._def.meta;
    if (!meta?.openapi || !meta.permission) continue;
    const path = meta.openapi.path.replace(/:(\w+)/g, "{$1}");
    out.set(`${meta.openapi.method.toLowerCase()} ${path}`, meta.permission);
  }
  return out;
}

export function generateApiDocument(): OpenAPIObject {
  const doc = generateOpenApiDocument(apiRouter, {
    title: "Vantage northbound API",
    version: "1",
    description:
      "REST API for OSS/BSS integration, served by the same services as the console. Authenticate with " +
      "an API token created by an administrator: `Authorization: Bearer vtk_...`.",
    baseUrl: `${settings().PUBLIC_URL?.replace(/\/$/, "") ?? ""}${API_BASE_PATH}`,
    securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "API token (vtk_...)" } },
    defs: { Error: apiErrorSchema },
  });
  doc.paths = { ...doc.paths, ...RAW_API_PATHS };
  const scopes = scopesByOperation();
  const errorContent = { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const scope = scopes.get(`${method} ${path}`);
      if (scope) {
        op["x-required-scope"] = scope;
        op.description = [op.description, `Requires the scope \`${scope}\`.`].filter(Boolean).join("\n\n");
      }
      const success = Object.fromEntries(
        Object.entries(op.responses ?? {}).filter(([code]) => code.startsWith("2")),
      );
      const errors = Object.fromEntries(
        Object.entries(ERRORS).map(([code, description]) => [code, { description, content: errorContent }]),
      );
      op.responses = { ...success, ...errors };
    }
  }
  return doc;
}
