import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { permissionsOf } from "../../../lib/permissions";
import { callerAs, errorCodeOf } from "../../api/test-callers";
import { addressThrottle, login } from "../../auth/login";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import type { Role } from "../../generated/prisma/enums";
import { changeOperatorRole, listOperators, setOperatorDisabled } from "../../operators/service";
import { authenticateApiRequest } from "./authenticate";
import { UNUSABLE_PASSWORD_HASH } from "./service";
import { hashToken } from "./token-format";

let store: Store;
let adminId: number;

const as = (id: number, role: Role) => callerAs({ id, username: `op${id}`, role });
const admin = () => as(adminId, "admin");
const input = { name: "Billing OSS", role: "helpdesk" as const, expiresInDays: 30, rateLimit: 120 };

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
});

afterAll(async () => {
  await store.close();
});

beforeEach(async () => {
  addressThrottle.clear();
  await db().auditLog.deleteMany();
  await db().apiToken.deleteMany();
  await db().operator.deleteMany();
  adminId = (await db().operator.create({ data: { username: "root", role: "admin", passwordHash: "x" } })).id;
});

/** Every stored or returned text must not contain the secret (or, outside the row, its hash). */
async function everythingStored(): Promise<string> {
  const audit = await db().auditLog.findMany();
  const operators = await db().operator.findMany({ omit: { passwordHash: false } });
  return JSON.stringify([audit, operators], (_key, value: unknown) =>
    typeof value === "bigint" ? value.toString() : value,
  );
}

describe("API tokens", () => {
  it("creates a token shown once, stores only its hash and audits without the secret", async () => {
    const { token, apiToken } = await admin().apiTokens.create(input);
    expect(token).toMatch(/^vtk_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({
      name: "Billing OSS",
      prefix: token.slice(4, 12),
      role: "helpdesk",
      permissions: [...permissionsOf("helpdesk")],
      createdBy: "root",
      lastUsedAt: null,
      revokedAt: null,
      state: "active",
      rateLimit: 120,
    });
    expect(apiToken.expiresAt!.getTime() - apiToken.createdAt.getTime()).toBeCloseTo(30 * 86_400_000, -4);
    const row = await db().apiToken.findUniqueOrThrow({
      where: { id: apiToken.id },
      include: { operator: true },
    });
    expect(row.hash).toBe(hashToken(token));
    expect(row.hash).not.toContain(token);
    expect(row.operator).toMatchObject({ kind: "api", role: "helpdesk", username: `api-${apiToken.prefix}` });
    const list = await admin().apiTokens.list();
    expect(list).toEqual([apiToken]);
    const answers = JSON.stringify([apiToken, list]);
    expect(answers).not.toContain(token);
    expect(answers).not.toContain(row.hash);
    const stored = await everythingStored();
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(row.hash);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "api_token.create" } });
    expect(audit).toMatchObject({ operatorId: adminId, target: `api_token:${apiToken.prefix}` });
    expect(audit.after).toMatchObject({
      name: "Billing OSS",
      prefix: apiToken.prefix,
      role: "helpdesk",
      rateLimit: 120,
    });
  });

  it("validates the input", async () => {
    for (const bad of [
      { ...input, name: "  " },
      { ...input, name: "x".repeat(81) },
      { ...input, role: "root" },
      { ...input, expiresInDays: 0 },
      { ...input, expiresInDays: 3651 },
      { ...input, expiresInDays: 1.5 },
      { ...input, rateLimit: 0 },
      { ...input, rateLimit: 100_001 },
    ])
      expect(await errorCodeOf(admin().apiTokens.create(bad as typeof input))).toBe("BAD_REQUEST");
    const never = await admin().apiTokens.create({ ...input, expiresInDays: null });
    expect(never.apiToken.expiresAt).toBeNull();
    expect(await db().apiToken.count()).toBe(1);
  });

  it("revokes at once and idempotently: the token is refused, its identity disabled, one audit row", async () => {
    const { token, apiToken } = await admin().apiTokens.create(input);
    expect(await authenticateApiRequest(`Bearer ${token}`)).toMatchObject({ ok: true });
    const before = await db().operator.findFirstOrThrow({ where: { kind: "api" } });
    const revoked = await admin().apiTokens.revoke({ id: apiToken.id });
    expect(revoked).toMatchObject({ id: apiToken.id, state: "revoked" });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await admin().apiTokens.revoke({ id: apiToken.id })).toEqual(revoked);
    expect(await authenticateApiRequest(`Bearer ${token}`)).toMatchObject({ ok: false, status: 401 });
    const after = await db().operator.findFirstOrThrow({ where: { kind: "api" } });
    expect(after).toMatchObject({ disabled: true, sessionVersion: before.sessionVersion + 1 });
    expect(await db().auditLog.count({ where: { action: "api_token.revoke" } })).toBe(1);
    expect(await everythingStored()).not.toContain(token);
    expect(await errorCodeOf(admin().apiTokens.revoke({ id: apiToken.id + 1000 }))).toBe("NOT_FOUND");
  });

  it("shows the expired state", async () => {
    const { apiToken } = await admin().apiTokens.create({ ...input, expiresInDays: 1 });
    await db().apiToken.update({
      where: { id: apiToken.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await admin().apiTokens.list())[0]?.state).toBe("expired");
  });

  it("is for admins only", async () => {
    const { apiToken } = await admin().apiTokens.create(input);
    for (const role of ["noc", "helpdesk", "product", "viewer"] as const) {
      const caller = as(adminId, role);
      expect(await errorCodeOf(caller.apiTokens.list())).toBe("FORBIDDEN");
      expect(await errorCodeOf(caller.apiTokens.create(input))).toBe("FORBIDDEN");
      expect(await errorCodeOf(caller.apiTokens.revoke({ id: apiToken.id }))).toBe("FORBIDDEN");
    }
    expect(await db().apiToken.count()).toBe(1);
  });
});

describe("a token's identity (kind api)", () => {
  it("never signs in to the console, even with the stored hash as the password", async () => {
    await admin().apiTokens.create(input);
    const identity = await db().operator.findFirstOrThrow({ where: { kind: "api" } });
    for (const password of [UNUSABLE_PASSWORD_HASH, "", "x"])
      expect(await login(identity.username, password)).toEqual({ ok: false, reason: "invalid_credentials" });
    // Even if someone gave it a real password hash.
    await db().operator.update({
      where: { id: identity.id },
      data: {
        passwordHash: (
          await db().operator.findUniqueOrThrow({ where: { id: adminId }, omit: { passwordHash: false } })
        ).passwordHash,
      },
    });
    expect(await login(identity.username, "x")).toEqual({ ok: false, reason: "invalid_credentials" });
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "auth.login_failed" } });
    expect(audit).toMatchObject({ operatorId: identity.id, after: { reason: "api_identity" } });
  });

  it("is not listed, editable or counted as an admin among operators", async () => {
    const { apiToken } = await admin().apiTokens.create({ ...input, role: "admin" });
    const identity = await db().operator.findFirstOrThrow({ where: { kind: "api" } });
    expect((await listOperators()).map((o) => o.username)).toEqual(["root"]);
    const root = { id: adminId, username: "root" };
    await expect(setOperatorDisabled(root, identity.id, true)).rejects.toMatchObject({ code: "not_found" });
    await expect(changeOperatorRole(root, identity.id, "viewer")).rejects.toMatchObject({
      code: "not_found",
    });
    // An admin-role token does not keep the last human admin from being demoted.
    const other = await db().operator.create({
      data: { username: "zed", role: "viewer", passwordHash: "x" },
    });
    await expect(
      changeOperatorRole({ id: other.id, username: "zed" }, adminId, "viewer"),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    expect(apiToken.role).toBe("admin");
  });
});
