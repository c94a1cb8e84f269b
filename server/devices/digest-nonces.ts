// Digest replay protection shared by every ACS process: the highest nonce-count seen per nonce. A
// header whose (nonce, nc) was already used — captured and replayed — finds its count not higher.
// One statement per authenticated request: the conditional upsert both checks and records.
import { db } from "../db";

/**
 * True when nc is higher than any count this nonce was used with (and records it); false for a replay.
 * nc 0 (no qop: the client sends no count) makes the nonce single-use.
 */
export async function recordNonceUse(nonce: string, nc: number, expiresAt: Date): Promise<boolean> {
  const rows = await db().$queryRaw<unknown[]>`
    INSERT INTO "DigestNonce" ("nonce", "lastNc", "expiresAt")
    VALUES (${nonce}, ${BigInt(nc)}, ${expiresAt})
    ON CONFLICT ("nonce") DO UPDATE SET "lastNc" = EXCLUDED."lastNc"
      WHERE "DigestNonce"."lastNc" < EXCLUDED."lastNc"
    RETURNING 1`;
  return rows.length === 1;
}

/**
 * Forget up to `limit` nonces past their life (they are refused as stale before this table is
 * consulted, so their counts no longer matter). Bounded: retention calls it until it deletes fewer.
 */
export async function deleteExpiredNonces(now: Date, limit: number): Promise<number> {
  return db().$executeRaw`
    DELETE FROM "DigestNonce" WHERE "nonce" IN (
      SELECT "nonce" FROM "DigestNonce" WHERE "expiresAt" < ${now} LIMIT ${limit})`;
}
