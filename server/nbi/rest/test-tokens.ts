// Test helper: a token row and its api operator written directly (the tokens service is another
// helper's; this keeps REST tests independent of its shape). Not imported by production code.
import { db } from "../../db";
import type { Role } from "../../generated/prisma/enums";
import { generateToken } from "../tokens/token-format";

export async function addTestToken(
  extra: { role?: Role; rateLimit?: number; expiresAt?: Date; revokedAt?: Date } = {},
): Promise<{ token: string; tokenId: number; operatorId: number }> {
  const { token, prefix, hash } = generateToken();
  const operator = await db().operator.create({
    data: {
      username: `api-${prefix}`,
      name: `API ${prefix}`,
      kind: "api",
      role: extra.role ?? "admin",
      passwordHash: "!",
    },
  });
  const row = await db().apiToken.create({
    data: {
      name: `test ${prefix}`,
      prefix,
      hash,
      operatorId: operator.id,
      rateLimit: extra.rateLimit ?? 10_000,
      expiresAt: extra.expiresAt,
      revokedAt: extra.revokedAt,
      windowStart: new Date(0),
    },
  });
  return { token, tokenId: row.id, operatorId: operator.id };
}
