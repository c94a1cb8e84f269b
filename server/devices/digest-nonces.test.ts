import { describe, expect, it } from "vitest";
import { useMemoryStoreWithDevice } from "../../tests/support/memory-store";
import { db } from "../db";
import { deleteExpiredNonces, recordNonceUse } from "./digest-nonces";

useMemoryStoreWithDevice({ serialNumber: "NONCE-1" });
const later = new Date(Date.now() + 60_000);

describe("digest nonce-counts", () => {
  it("accepts each higher count once and refuses a count already used or lower", async () => {
    expect(await recordNonceUse("n1", 1, later)).toBe(true);
    expect(await recordNonceUse("n1", 1, later)).toBe(false);
    expect(await recordNonceUse("n1", 3, later)).toBe(true);
    expect(await recordNonceUse("n1", 2, later)).toBe(false);
    expect((await db().digestNonce.findUnique({ where: { nonce: "n1" } }))?.lastNc).toBe(3n);
  });

  it("makes a nonce used without a count (no qop) single-use", async () => {
    expect(await recordNonceUse("n0", 0, later)).toBe(true);
    expect(await recordNonceUse("n0", 0, later)).toBe(false);
  });

  it("keeps the expiry as given and deletes only expired nonces, at most `limit` a call", async () => {
    const now = new Date("2026-12-01T12:00:00.000Z");
    for (let i = 0; i < 3; i++) await recordNonceUse(`old${i}`, 1, new Date(now.getTime() - 1000 * (i + 1)));
    await recordNonceUse("young", 1, new Date(now.getTime() + 1000));
    const young = await db().digestNonce.findUnique({ where: { nonce: "young" } });
    expect(young?.expiresAt.toISOString()).toBe("2026-12-01T12:00:01.000Z");
    expect(await deleteExpiredNonces(now, 2)).toBe(2);
    expect(await deleteExpiredNonces(now, 2)).toBe(1);
    expect(await deleteExpiredNonces(now, 2)).toBe(0);
    expect(await db().digestNonce.findUnique({ where: { nonce: "young" } })).not.toBeNull();
  });
});
