import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import { ensureFirstAdmin } from "./bootstrap";
import { login } from "./login";
import { hashPassword } from "./password";
import { LOCK_DURATION_MS } from "./throttle";

let store: Store;

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
});

afterAll(async () => {
  await store.close();
});

beforeEach(async () => {
  await db().auditLog.deleteMany();
  await db().operator.deleteMany();
});

async function addOperator(username: string, password: string, extra: { disabled?: boolean } = {}) {
  return db().operator.create({
    data: {
      username,
      role: "helpdesk",
      passwordHash: await hashPassword(password, { N: 1024, r: 8, p: 1 }),
      ...extra,
    },
  });
}

const actions = async () => (await db().auditLog.findMany({ orderBy: { id: "asc" } })).map((a) => a.action);

describe("ensureFirstAdmin", () => {
  it("creates admin with the given password once, then does nothing", async () => {
    expect(await ensureFirstAdmin("first-password")).toEqual({ username: "admin" });
    expect(await login("admin", "first-password")).toMatchObject({ ok: true, operator: { role: "admin" } });
    expect(await ensureFirstAdmin("other-password")).toEqual({ username: "admin" });
    expect(await db().operator.count()).toBe(1);
  });

  it("generates and returns a password when none is given", async () => {
    const result = await ensureFirstAdmin(undefined);
    expect(result.generatedPassword).toHaveLength(24);
    expect(await login("admin", result.generatedPassword ?? "")).toMatchObject({ ok: true });
  });
});

describe("login", () => {
  it("accepts the right password, resets the counter and audits", async () => {
    const op = await addOperator("alice", "alice-password");
    await db().operator.update({ where: { id: op.id }, data: { failedLogins: 3 } });
    const result = await login("alice", "alice-password", { remoteAddress: "192.0.2.1" });
    expect(result).toEqual({
      ok: true,
      operator: { id: op.id, username: "alice", name: "", role: "helpdesk" },
    });
    const after = await db().operator.findUniqueOrThrow({ where: { id: op.id } });
    expect(after.failedLogins).toBe(0);
    expect(after.lastLoginAt).not.toBeNull();
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "auth.login" } });
    expect(audit).toMatchObject({
      operatorId: op.id,
      target: "operator:alice",
      after: { remoteAddress: "192.0.2.1" },
    });
  });

  it("refuses unknown users and wrong passwords alike, auditing both", async () => {
    await addOperator("bob", "bob-password");
    expect(await login("nobody", "whatever")).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await login("bob", "wrong")).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await actions()).toEqual(["auth.login_failed", "auth.login_failed"]);
    expect((await db().operator.findUniqueOrThrow({ where: { username: "bob" } })).failedLogins).toBe(1);
  });

  it("refuses a username over 64 characters before any lookup or audit row", async () => {
    // Even an existing operator with that name and the right password: the name is never looked up.
    const long = "l".repeat(65);
    await addOperator(long, "long-password");
    expect(await login(long, "long-password")).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await actions()).toEqual([]);
    expect(await login("l".repeat(64), "long-password")).toMatchObject({ ok: false });
    expect(await actions()).toEqual(["auth.login_failed"]);
  });

  it("locks after 5 consecutive failures for 5 minutes, even for the right password", async () => {
    await addOperator("carol", "carol-password");
    const now = new Date("2026-11-21T10:00:00Z");
    for (let i = 0; i < 4; i++)
      expect(await login("carol", "bad", { now })).toMatchObject({ reason: "invalid_credentials" });
    expect(await login("carol", "bad", { now })).toMatchObject({ ok: false, reason: "locked" });
    expect(await login("carol", "carol-password", { now: new Date(now.getTime() + 60_000) })).toMatchObject({
      reason: "locked",
    });
    const unlocked = new Date(now.getTime() + LOCK_DURATION_MS + 1);
    expect(await login("carol", "carol-password", { now: unlocked })).toMatchObject({ ok: true });
  });

  it("refuses a disabled operator, telling only someone who knows the password", async () => {
    await addOperator("dave", "dave-password", { disabled: true });
    expect(await login("dave", "wrong")).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await login("dave", "dave-password")).toEqual({ ok: false, reason: "disabled" });
    expect(await actions()).not.toContain("auth.login");
  });
});
