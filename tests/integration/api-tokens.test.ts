// API tokens against the real store (PostgreSQL under scripts/with-postgres.sh, where requests truly
// run in parallel on a connection pool): the rate window holds at its edge under concurrency.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../server/database/connect";
import { db } from "../../server/db";
import { overrideSettings } from "../../server/env";
import { authenticateApiRequest } from "../../server/nbi/tokens/authenticate";
import { createApiToken, listApiTokens, revokeApiToken } from "../../server/nbi/tokens/service";
import { freshDatabaseUrl } from "../support/test-server";

let store: Store;
let admin: { id: number; username: string };

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ databaseUrl: await freshDatabaseUrl(), dataDir: "memory:", poolSize: 20 });
  const row = await db().operator.create({ data: { username: "root", role: "admin", passwordHash: "x" } });
  admin = { id: row.id, username: row.username };
});

afterAll(async () => {
  await store.close();
});

const bearer = (token: string) => `Bearer ${token}`;

describe("API tokens on the real store", () => {
  it("two requests racing for the last slot of the window: exactly one passes", async () => {
    const { token } = await createApiToken(admin, {
      name: "edge",
      role: "viewer",
      expiresInDays: 1,
      rateLimit: 5,
    });
    const now = new Date();
    for (let i = 0; i < 4; i++) expect((await authenticateApiRequest(bearer(token), now)).ok).toBe(true);
    const [a, b] = await Promise.all([
      authenticateApiRequest(bearer(token), now),
      authenticateApiRequest(bearer(token), now),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect(a.ok ? b : a).toMatchObject({ status: 429, budget: { limit: 5, remaining: 0 } });
  });

  it("a burst of 60 parallel requests lets exactly the limit through and the rest wait for the window", async () => {
    const { token, apiToken } = await createApiToken(admin, {
      name: "burst",
      role: "noc",
      expiresInDays: null,
      rateLimit: 17,
    });
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 60 }, () => authenticateApiRequest(bearer(token), now)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(17);
    const refused = results.filter((r) => !r.ok);
    expect(
      refused.every((r) => r.status === 429 && r.retryAfterSeconds >= 59 && r.retryAfterSeconds <= 60),
    ).toBe(true);
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    expect(row.windowCount).toBe(60);
    expect(row.lastUsedAt).toEqual(now);
    // The next window serves again.
    expect(await authenticateApiRequest(bearer(token), new Date(now.getTime() + 60_000))).toMatchObject({
      ok: true,
      budget: { remaining: 16 },
    });
  });

  it("a revoked token is refused from the revocation on and listed as revoked", async () => {
    const { token, apiToken } = await createApiToken(admin, {
      name: "gone",
      role: "helpdesk",
      expiresInDays: 7,
      rateLimit: 100,
    });
    expect(await authenticateApiRequest(bearer(token))).toMatchObject({ ok: true });
    // Requests racing the revocation each get a clean answer (served before it, or refused), never an error.
    const inFlight = Array.from({ length: 10 }, () => authenticateApiRequest(bearer(token)));
    await revokeApiToken(admin, apiToken.id);
    for (const result of await Promise.all(inFlight))
      expect([true, 401]).toContain(result.ok || result.status);
    expect(await authenticateApiRequest(bearer(token))).toMatchObject({ ok: false, status: 401 });
    const listed = (await listApiTokens()).find((t) => t.id === apiToken.id);
    expect(listed).toMatchObject({ state: "revoked", lastUsedAt: expect.any(Date) as Date });
  });
});
