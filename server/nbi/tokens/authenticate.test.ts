import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { permissionsOf } from "../../../lib/permissions";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import type { Role } from "../../generated/prisma/enums";
import { authenticateApiRequest, UNAUTHENTICATED_MESSAGE } from "./authenticate";
import { generateToken } from "./token-format";

let store: Store;

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
});

afterAll(async () => {
  await store.close();
});

beforeEach(async () => {
  await db().apiToken.deleteMany();
  await db().operator.deleteMany();
});

/** A token row and its operator written directly: this file tests authentication alone. */
async function addToken(extra: { role?: Role; rateLimit?: number; expiresAt?: Date } = {}) {
  const { token, prefix, hash } = generateToken();
  const operator = await db().operator.create({
    data: {
      username: `api-${prefix}`,
      name: "t",
      kind: "api",
      role: extra.role ?? "helpdesk",
      passwordHash: "!",
    },
  });
  const row = await db().apiToken.create({
    data: {
      name: "OSS",
      prefix,
      hash,
      operatorId: operator.id,
      rateLimit: extra.rateLimit ?? 600,
      expiresAt: extra.expiresAt,
      windowStart: new Date(0),
    },
  });
  return { token, row, operator };
}

const T0 = new Date("2026-12-03T05:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const refused = { ok: false, status: 401, message: UNAUTHENTICATED_MESSAGE };

describe("authenticateApiRequest", () => {
  it("accepts a valid token as its operator with the role's permissions and records the use", async () => {
    const { token, row, operator } = await addToken({ role: "noc", rateLimit: 5 });
    const result = await authenticateApiRequest(`Bearer ${token}`, T0);
    expect(result).toEqual({
      ok: true,
      principal: {
        tokenId: row.id,
        tokenName: "OSS",
        actor: { id: operator.id, username: operator.username, role: "noc" },
        permissions: permissionsOf("noc"),
      },
      budget: { limit: 5, remaining: 4, resetAt: at(60_000) },
    });
    const after = await db().apiToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.lastUsedAt).toEqual(T0);
    expect(after.windowCount).toBe(1);
  });

  it("refuses missing, malformed and unknown tokens with one message", async () => {
    const { token } = await addToken();
    const other = generateToken().token;
    for (const header of [
      null,
      "",
      token,
      `Basic ${token}`,
      `Bearer ${token}x`,
      `Bearer ${token.slice(0, -1)}`,
      `Bearer ${token} extra`,
      `Bearer ${other}`,
      `Bearer vtk_${"!".repeat(43)}`,
      `Bearer ${"a".repeat(10_000)}`,
    ])
      expect(await authenticateApiRequest(header, T0)).toEqual(refused);
    expect(await authenticateApiRequest(`bearer  ${token}`, T0)).toMatchObject({ ok: true });
  });

  it("refuses an expired token, a revoked one and one whose operator is disabled", async () => {
    const expiring = await addToken({ expiresAt: at(1000) });
    expect(await authenticateApiRequest(`Bearer ${expiring.token}`, T0)).toMatchObject({ ok: true });
    expect(await authenticateApiRequest(`Bearer ${expiring.token}`, at(1000))).toEqual(refused);

    const revoked = await addToken();
    await db().apiToken.update({ where: { id: revoked.row.id }, data: { revokedAt: T0 } });
    expect(await authenticateApiRequest(`Bearer ${revoked.token}`, T0)).toEqual(refused);

    const disabled = await addToken();
    await db().operator.update({ where: { id: disabled.operator.id }, data: { disabled: true } });
    expect(await authenticateApiRequest(`Bearer ${disabled.token}`, T0)).toEqual(refused);
  });

  it("answers 429 over the limit with the seconds until the window resets, then recovers", async () => {
    const { token } = await addToken({ rateLimit: 3 });
    const header = `Bearer ${token}`;
    for (let i = 0; i < 3; i++)
      expect(await authenticateApiRequest(header, at(i * 1000))).toMatchObject({ ok: true });
    const over = await authenticateApiRequest(header, at(20_500));
    expect(over).toEqual({
      ok: false,
      status: 429,
      message: "Rate limit of 3 requests per minute exceeded; retry in 40 s",
      retryAfterSeconds: 40,
      budget: { limit: 3, remaining: 0, resetAt: at(60_000) },
    });
    expect(await authenticateApiRequest(header, at(59_999))).toMatchObject({
      status: 429,
      retryAfterSeconds: 1,
    });
    const recovered = await authenticateApiRequest(header, at(60_000));
    expect(recovered).toMatchObject({ ok: true, budget: { limit: 3, remaining: 2, resetAt: at(120_000) } });
  });

  it("counts a process a little behind into the window, and restarts it after a clock step back", async () => {
    const { token, row } = await addToken({ rateLimit: 2 });
    const header = `Bearer ${token}`;
    expect(await authenticateApiRequest(header, T0)).toMatchObject({ ok: true });
    // Another process's clock 5 s behind: same window, no restart (the limit holds across processes).
    expect(await authenticateApiRequest(header, at(-5000))).toMatchObject({
      ok: true,
      budget: { remaining: 0, resetAt: at(60_000) },
    });
    expect(await authenticateApiRequest(header, at(-5000))).toMatchObject({
      status: 429,
      retryAfterSeconds: 65,
    });
    // This clock stepped back ten minutes: a new window rather than a ten-minute refusal.
    expect(await authenticateApiRequest(header, at(-600_000))).toMatchObject({
      ok: true,
      budget: { remaining: 1, resetAt: at(-540_000) },
    });
    const stored = await db().apiToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.lastUsedAt).toEqual(T0);
  });

  it("lets exactly the limit through when many requests arrive at once", async () => {
    const { token } = await addToken({ rateLimit: 4 });
    const results = await Promise.all(
      Array.from({ length: 12 }, () => authenticateApiRequest(`Bearer ${token}`, T0)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(4);
    expect(results.filter((r) => !r.ok && r.status === 429)).toHaveLength(8);
  });
});
