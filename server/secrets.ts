// Process-wide secrets kept in the database so every ACS process (and restarts) share them.
import { randomBytes } from "node:crypto";
import { db } from "./db";

/** The secret stored under key, created on first use (races between processes resolve to one value). */
export async function appSecret(key: string): Promise<string> {
  const candidate = randomBytes(32).toString("base64url");
  await db().appSecret.createMany({ data: [{ key, value: candidate }], skipDuplicates: true });
  const row = await db().appSecret.findUniqueOrThrow({ where: { key } });
  return row.value;
}
