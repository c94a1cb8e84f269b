import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import { ensureFirstAdmin } from "./bootstrap";
import { addressThrottle, login } from "./login";
import { hashPassword } from "./password";
import { LOCK_DURATION_MS, MAX_ADDRESS_FAILURES } from "./throttle";

let store: Store;

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
      operator: { id: op.id, username: "alice", name: "", role: "helpdesk", sessionVersion: 0 },
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

  it("holds a username against the failing address, growing, without locking the operator out", async () => {
    await addOperator("carol", "carol-password");
    const attacker = { remoteAddress: "127.0.0.66" };
    const now = new Date("2026-11-21T10:00:00Z");
    for (let i = 0; i < 4; i++)
      expect(await login("carol", "bad", { ...attacker, now })).toMatchObject({
        reason: "invalid_credentials",
      });
    expect(await login("carol", "bad", { ...attacker, now })).toMatchObject({ ok: false, reason: "locked" });
    // The attacker's address is held even with the right password...
    const soon = new Date(now.getTime() + 60_000);
    expect(await login("carol", "carol-password", { ...attacker, now: soon })).toMatchObject({
      reason: "locked",
    });
    // ...while carol at her own desk gets in.
    expect(await login("carol", "carol-password", { remoteAddress: "127.0.0.1", now: soon })).toMatchObject({
      ok: true,
    });
  });

  it("grows the username hold with each further failure", async () => {
    await addOperator("dave", "dave-password");
    let at = new Date("2026-11-21T10:00:00Z");
    const holds: number[] = [];
    for (let i = 0; i < 7; i++) {
      const result = await login("dave", "bad", { remoteAddress: "127.0.0.66", now: at });
      if (result.ok) throw new Error("accepted a wrong password");
      if (result.lockedUntil) {
        holds.push(result.lockedUntil.getTime() - at.getTime());
        at = new Date(result.lockedUntil.getTime() + 1);
      }
    }
    expect(holds).toEqual([LOCK_DURATION_MS, 2 * LOCK_DURATION_MS, 4 * LOCK_DURATION_MS]);
  });

  it("gives a fresh address one check while the username is held", async () => {
    await addOperator("erin", "erin-password");
    const now = new Date("2026-11-21T10:00:00Z");
    for (let i = 0; i < 5; i++) await login("erin", "bad", { remoteAddress: "127.0.0.66", now });
    expect(await login("erin", "bad", { remoteAddress: "127.0.0.67", now })).toMatchObject({
      reason: "locked",
    });
    expect(await login("erin", "erin-password", { remoteAddress: "127.0.0.67", now })).toMatchObject({
      reason: "locked",
    });
  });

  it("holds an address that fails on many usernames before any lookup or audit row", async () => {
    const now = new Date("2026-11-21T10:00:00Z");
    for (let i = 0; i < MAX_ADDRESS_FAILURES; i++)
      await login(`nobody${i}`, "guess", { remoteAddress: "127.0.0.66", now });
    const audited = (await actions()).length;
    await addOperator("frank", "frank-password");
    expect(await login("frank", "frank-password", { remoteAddress: "127.0.0.66", now })).toMatchObject({
      ok: false,
      reason: "locked",
    });
    expect((await actions()).length).toBe(audited);
    expect(await login("frank", "frank-password", { remoteAddress: "127.0.0.1", now })).toMatchObject({
      ok: true,
    });
  });

  it("refuses a disabled operator, telling only someone who knows the password", async () => {
    await addOperator("dave", "dave-password", { disabled: true });
    expect(await login("dave", "wrong")).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await login("dave", "dave-password")).toEqual({ ok: false, reason: "disabled" });
    expect(await actions()).not.toContain("auth.login");
  });
});
