// The generated document validates as OpenAPI 3.1, and EVERY operation in it refuses a missing,
// malformed, expired or revoked token (401) and a token without the operation's scope (403), each in
// the one error shape with a request id.
import { existsSync } from "node:fs";
import path from "node:path";
import { compileErrors, validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLE_PERMISSIONS, type Permission } from "../../../lib/permissions";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import type { Role } from "../../generated/prisma/enums";
import { handleApiRequest } from "./handler";
import { generateApiDocument } from "./openapi";
import { createApiToken, revokeApiToken } from "../tokens/service";

let store: Store;
const tokens = {} as Record<"expired" | "revoked" | Role, string>;

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  // Tokens made as an administrator makes them (the tokens service), then expired or revoked for real.
  const admin = await db().operator.create({
    data: { username: "root", name: "Root", role: "admin", passwordHash: "!" },
  });
  const create = async (role: Role) =>
    createApiToken(admin, { name: `walk ${role}`, role, expiresInDays: null, rateLimit: 100_000 });
  for (const role of Object.keys(ROLE_PERMISSIONS) as Role[]) tokens[role] = (await create(role)).token;
  const expired = await create("admin");
  await db().apiToken.update({
    where: { id: expired.apiToken.id },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  tokens.expired = expired.token;
  const revoked = await create("admin");
  await revokeApiToken(admin, revoked.apiToken.id);
  tokens.revoked = revoked.token;
}, 60_000);

afterAll(async () => {
  await store.close();
});

interface Op {
  method: string;
  path: string;
  scope: Permission | undefined;
}

function operations(): Op[] {
  const doc = generateApiDocument();
  const out: Op[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ["get", "post", "put", "patch", "delete"]) {
      const op = (item as Record<string, { "x-required-scope"?: Permission } | undefined>)[method];
      if (op) out.push({ method: method.toUpperCase(), path, scope: op["x-required-scope"] });
    }
  }
  return out;
}

type RouteHandler = (req: Request) => Promise<Response>;

/**
 * The handler Next would pick: an operation with its own route file (a non-JSON body) is served by it,
 * everything else by the catch-all, as Next's routing prefers the more specific route.
 */
async function routeFor(op: Op): Promise<RouteHandler> {
  const file = path.join(process.cwd(), "app/api/v1", op.path, "route.ts");
  if (!op.path.includes("{") && existsSync(file)) {
    const mod = (await import(file)) as Record<string, RouteHandler | undefined>;
    const handler = mod[op.method];
    if (handler) return handler;
  }
  return handleApiRequest;
}

async function call(
  op: Op,
  authorization: string | null,
): Promise<{ status: number; code: string; requestId: string }> {
  const url = `http://127.0.0.1/api/v1${op.path.replace(/\{\w+\}/g, "1")}`;
  const hasBody = op.method !== "GET" && op.method !== "DELETE";
  const handler = await routeFor(op);
  const res = await handler(
    new Request(url, {
      method: op.method,
      headers: {
        ...(authorization === null ? {} : { authorization }),
        ...(hasBody ? { "content-type": "application/json" } : {}),
      },
      body: hasBody ? "{}" : undefined,
    }),
  );
  const body = (await res.json()) as { error: { code: string; requestId: string } };
  expect(res.headers.get("x-request-id")).toBe(body.error.requestId);
  return { status: res.status, code: body.error.code, requestId: body.error.requestId };
}

describe("OpenAPI document", () => {
  it("validates as OpenAPI 3.1 with a scope on every operation", async () => {
    const doc = generateApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(doc) as Parameters<typeof validate>[0]);
    expect(result.valid ? "" : compileErrors(result)).toBe("");
    const ops = operations();
    expect(ops.length).toBeGreaterThanOrEqual(14);
    expect(ops.filter((o) => !o.scope)).toEqual([]);
  });

  it("refuses every operation without a valid token (401) and without its scope (403)", async () => {
    const refusals: string[] = [];
    let underScoped = 0;
    for (const op of operations()) {
      const bad: [string, string | null][] = [
        ["missing", null],
        ["malformed", "Bearer vtk_not-a-token"],
        ["expired", `Bearer ${tokens.expired}`],
        ["revoked", `Bearer ${tokens.revoked}`],
      ];
      for (const [label, authorization] of bad) {
        const r = await call(op, authorization);
        if (r.status !== 401 || r.code !== "unauthorized")
          refusals.push(`${op.method} ${op.path} ${label}: ${r.status}`);
      }
      const lacking = (Object.keys(ROLE_PERMISSIONS) as Role[]).find(
        (role) => !ROLE_PERMISSIONS[role].includes(op.scope!),
      );
      // Scopes every role holds (devices.read ...) have no under-scoped token to try.
      if (!lacking) continue;
      underScoped++;
      const r = await call(op, `Bearer ${tokens[lacking]}`);
      if (r.status !== 403 || r.code !== "forbidden")
        refusals.push(`${op.method} ${op.path} as ${lacking}: ${r.status}`);
    }
    expect(refusals).toEqual([]);
    expect(underScoped).toBeGreaterThan(5);
  }, 120_000);
});
