// Walks every procedure of the app router for every role: a procedure is refused (FORBIDDEN, before
// its input is even parsed) exactly when ROLE_PERMISSIONS denies the role the permission the procedure
// declares. Procedures are enumerated from the router, so a new one is covered without editing this
// file, and one that declares no permission fails here unless listed as open to every signed-in operator.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import { overrideSettings } from "../env";
import type { Role } from "../generated/prisma/enums";
import { hasPermission, PERMISSIONS, ROLE_PERMISSIONS, type Permission } from "./permissions";
import { appRouter, createCaller } from "./root";
import type { ProcedureMeta, TRPCContext } from "./trpc";

/** Procedures any signed-in operator may call, on purpose. */
const SIGNED_IN_ONLY = new Set(["session.me"]);

const ROLES = Object.keys(ROLE_PERMISSIONS) as Role[];
// Not a valid input for any procedure: allowed calls stop at input validation, before any service.
const INVALID_INPUT = "\u0000 not a valid input";

interface ProcedureDef {
  type: "query" | "mutation" | "subscription";
  meta?: ProcedureMeta;
}

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>,
).map(([path, procedure]) => ({
  path,
  type: procedure._def.type,
  permission: procedure._def.meta?.permission,
}));

function context(role: Role | null): TRPCContext {
  const operator = role ? { id: 1, username: `${role}-matrix`, name: "", role } : null;
  return { session: operator ? { operator, expires: "" } : null, operator, headers: new Headers() };
}

/** Call `path` ("devices.list") through a server-side caller and return the error code, if any. */
async function call(role: Role | null, path: string): Promise<string | undefined> {
  let target: unknown = createCaller(context(role));
  for (const key of path.split(".")) target = (target as Record<string, unknown>)[key];
  try {
    const result: unknown = await (target as (input: unknown) => Promise<unknown>)(INVALID_INPUT);
    // A subscription hands back an iterator; drain nothing, just close it.
    const iterator = result as { return?: () => unknown } | null;
    if (iterator && typeof iterator === "object" && typeof iterator.return === "function")
      await iterator.return();
    return undefined;
  } catch (error) {
    return error instanceof TRPCError ? error.code : `not a TRPCError: ${String(error)}`;
  }
}

let store: Store;

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  // A database in case a procedure accepts any input and reaches its service.
  store = await openStore({ dataDir: "memory:" });
});

afterAll(async () => {
  await store.close();
});

describe("role x procedure permission matrix", () => {
  it("finds the procedures", () => {
    expect(procedures.length).toBeGreaterThan(5);
    expect(procedures.map((p) => p.path)).toContain("operators.create");
  });

  it("every procedure declares a known permission or is listed as open to every signed-in operator", () => {
    const undeclared = procedures
      .filter((p) => !p.permission && !SIGNED_IN_ONLY.has(p.path))
      .map((p) => p.path);
    expect(undeclared, "procedures without permissionProcedure(...)").toEqual([]);
    for (const p of procedures)
      if (p.permission) expect(PERMISSIONS as readonly Permission[]).toContain(p.permission);
    for (const path of SIGNED_IN_ONLY) expect(procedures.map((p) => p.path)).toContain(path);
  });

  it.each(procedures.map((p) => [p.path, p] as const))("%s refuses anonymous callers", async (_path, p) => {
    expect(await call(null, p.path)).toBe("UNAUTHORIZED");
  });

  const cells = procedures.flatMap((p) => ROLES.map((role) => [p.path, role, p.permission] as const));
  it.each(cells)("%s as %s", async (path, role, permission) => {
    const allowed = permission === undefined || hasPermission(role, permission);
    const code = await call(role, path);
    if (allowed)
      expect(code, `${role} should be allowed ${path} (${permission ?? "signed-in"})`).not.toBe("FORBIDDEN");
    else expect(code, `${role} should be refused ${path} (${permission})`).toBe("FORBIDDEN");
  });
});
