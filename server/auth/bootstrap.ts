// First-run account. Imported by server/main.ts (plain Node), so no "server-only" here.
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { generatePassword, hashPassword } from "./password";

const FIRST_ADMIN = "admin";

/**
 * Create the "admin" operator when no person has an account (API token identities do not count). Returns the generated password (to be printed
 * once) when none was given. Several ACS processes may start at once: the loser of the unique-username
 * race simply finds the operator already there.
 */
export async function ensureFirstAdmin(
  password: string | undefined,
): Promise<{ username: string; generatedPassword?: string }> {
  if ((await db().operator.count({ where: { kind: "human" } })) > 0) return { username: FIRST_ADMIN };
  const generatedPassword = password === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(password ?? generatedPassword ?? "");
  try {
    await db().operator.create({
      data: { username: FIRST_ADMIN, name: "Administrator", role: "admin", passwordHash },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      return { username: FIRST_ADMIN };
    throw error;
  }
  return generatedPassword === undefined
    ? { username: FIRST_ADMIN }
    : { username: FIRST_ADMIN, generatedPassword };
}
