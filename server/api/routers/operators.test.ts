import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { login } from "../../auth/login";
import { verifyPassword } from "../../auth/password";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import type { Role } from "../../generated/prisma/enums";
import { callerAs, errorCodeOf } from "../test-callers";

let store: Store;
let adminId: number;

function api(id: number, role: Role = "admin") {
  const operator = { id, username: `op${id}`, name: "", role };
  return callerAs(operator);
}
const admin = () => api(adminId);

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
  adminId = (await db().operator.create({ data: { username: "root", role: "admin", passwordHash: "x" } })).id;
});

const PASSWORD = "helpdesk-pass-1";

describe("operators router", () => {
  it("creates an operator with a scrypt hash and audits it without the hash", async () => {
    const created = await admin().operators.create({
      username: "alice",
      name: "Alice",
      role: "helpdesk",
      password: PASSWORD,
    });
    expect(created).toMatchObject({ username: "alice", role: "helpdesk", disabled: false });
    expect(created).not.toHaveProperty("passwordHash");
    const row = await db().operator.findUniqueOrThrow({
      where: { username: "alice" },
      select: { passwordHash: true },
    });
    expect(row.passwordHash.startsWith("scrypt$")).toBe(true);
    expect(await verifyPassword(PASSWORD, row.passwordHash)).toBe(true);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "operator.create" } });
    expect(audit).toMatchObject({
      operatorId: adminId,
      target: "operator:alice",
      after: { username: "alice", name: "Alice", role: "helpdesk", disabled: false },
    });
    expect(JSON.stringify([audit.before, audit.after])).not.toMatch(/scrypt|helpdesk-pass/);
    expect((await admin().operators.list()).map((o) => o.username)).toEqual(["alice", "root"]);
  });

  it("rejects weak passwords, bad usernames and duplicates with clear messages", async () => {
    const base = { username: "bob", name: "", role: "viewer" as const };
    for (const password of ["short1", "onlyletterslong", "111111111111", "ab1ab1ab1ab1"]) {
      expect(await errorCodeOf(admin().operators.create({ ...base, password }))).toBe("BAD_REQUEST");
    }
    expect(
      await errorCodeOf(admin().operators.create({ ...base, username: "Bob Smith", password: PASSWORD })),
    ).toBe("BAD_REQUEST");
    await admin().operators.create({ ...base, password: PASSWORD });
    await expect(admin().operators.create({ ...base, password: PASSWORD })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'The username "bob" is taken',
    });
  });

  it("disables and enables with before/after audit; a disabled operator cannot sign in", async () => {
    const { id } = await admin().operators.create({
      username: "carol",
      name: "",
      role: "noc",
      password: PASSWORD,
    });
    await admin().operators.setDisabled({ id, disabled: true });
    expect(await login("carol", PASSWORD)).toEqual({ ok: false, reason: "disabled" });
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "operator.disable" } });
    expect(audit.before).toMatchObject({ disabled: false });
    expect(audit.after).toMatchObject({ disabled: true });
    await admin().operators.setDisabled({ id, disabled: false });
    expect(await login("carol", PASSWORD)).toMatchObject({ ok: true });
  });

  it("changes a role with before/after audit", async () => {
    const { id } = await admin().operators.create({
      username: "dave",
      name: "",
      role: "viewer",
      password: PASSWORD,
    });
    expect((await admin().operators.changeRole({ id, role: "product" })).role).toBe("product");
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "operator.role" } });
    expect(audit).toMatchObject({ before: { role: "viewer" }, after: { role: "product" } });
    expect(await errorCodeOf(admin().operators.changeRole({ id: 99999, role: "noc" }))).toBe("NOT_FOUND");
  });

  it("keeps at least one enabled admin and refuses self-disable", async () => {
    expect(await errorCodeOf(admin().operators.setDisabled({ id: adminId, disabled: true }))).toBe(
      "FORBIDDEN",
    );
    await expect(admin().operators.changeRole({ id: adminId, role: "viewer" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "At least one enabled administrator must remain",
    });
    const other = await admin().operators.create({
      username: "eve",
      name: "",
      role: "admin",
      password: PASSWORD,
    });
    // With a second admin, demoting oneself is allowed ...
    await admin().operators.changeRole({ id: adminId, role: "noc" });
    // ... and the remaining admin cannot be demoted or disabled by someone else.
    expect(await errorCodeOf(api(other.id).operators.changeRole({ id: other.id, role: "viewer" }))).toBe(
      "CONFLICT",
    );
    await db().operator.update({ where: { id: adminId }, data: { role: "admin" } });
    await db().operator.update({ where: { id: adminId }, data: { disabled: true } });
    expect(await errorCodeOf(api(adminId).operators.setDisabled({ id: other.id, disabled: true }))).toBe(
      "CONFLICT",
    );
    // Nothing was written by the refused changes.
    expect(await db().auditLog.count({ where: { action: { in: ["operator.disable"] } } })).toBe(0);
  });

  it("resets a password (generated or given), unlocks, and never audits the password", async () => {
    const { id } = await admin().operators.create({
      username: "fred",
      name: "",
      role: "viewer",
      password: PASSWORD,
    });
    await db().operator.update({
      where: { id },
      data: { failedLogins: 5, lockedUntil: new Date(Date.now() + 60_000) },
    });
    const generated = await admin().operators.resetPassword({ id });
    expect(generated.generated).toBe(true);
    expect(generated.password).toHaveLength(24);
    expect(await login("fred", generated.password)).toMatchObject({ ok: true });
    const given = await admin().operators.resetPassword({ id, password: "another-pass-2" });
    expect(given).toMatchObject({ generated: false, password: "another-pass-2" });
    expect(await login("fred", "another-pass-2")).toMatchObject({ ok: true });
    const audits = await db().auditLog.findMany({ where: { action: "operator.password_reset" } });
    expect(audits).toHaveLength(2);
    const logged = JSON.stringify(audits.map((a) => [a.target, a.before, a.after]));
    expect(logged).not.toContain(generated.password);
    expect(logged).not.toContain("another-pass-2");
    expect(audits[0]?.after).toMatchObject({ passwordReset: true, generated: true });
  });

  it("is refused to every role but admin", async () => {
    for (const role of ["noc", "helpdesk", "product", "viewer"] as const) {
      expect(await errorCodeOf(api(adminId, role).operators.list())).toBe("FORBIDDEN");
    }
  });
});
