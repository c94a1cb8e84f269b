// Credential check for the console: throttling (throttle.ts), disabled accounts and audit rows. Returns failures as
// values; server/auth/options.ts turns them into next-auth errors the login page understands.
import "server-only";
import { db } from "../db";
import type { Role } from "../generated/prisma/enums";
import { hashPassword, verifyPassword } from "./password";
import { logger } from "../logger";
import { activeLock, AddressThrottle, afterFailure, afterSuccess, type ThrottleState } from "./throttle";

export type LoginFailure = "invalid_credentials" | "locked" | "disabled";

export type LoginResult =
  | {
      ok: true;
      /** sessionVersion goes into the session token; a later change to the row ends that session. */
      operator: { id: number; username: string; name: string; role: Role; sessionVersion: number };
    }
  | { ok: false; reason: LoginFailure; lockedUntil?: Date };

interface LoginContext {
  now?: Date;
  remoteAddress?: string;
}

let dummyHash: Promise<string> | undefined;

/** Failures per client address in this process; tests clear it between cases. */
export const addressThrottle = new AddressThrottle();
/** Requests without a known address share one bucket. */
const UNKNOWN_ADDRESS = "unknown";

async function audit(
  action: string,
  operatorId: number | null,
  username: string,
  after: object,
): Promise<void> {
  await db().auditLog.create({ data: { action, operatorId, target: `operator:${username}`, after } });
}

/** Record one wrong password with compare-and-set, so parallel guesses cannot slip past the limit. */
async function recordFailure(id: number, initial: ThrottleState, now: Date): Promise<ThrottleState> {
  let current = initial;
  for (let attempt = 0; attempt < 5; attempt++) {
    const next = afterFailure(current, now);
    const { count } = await db().operator.updateMany({
      where: { id, failedLogins: current.failedLogins, lockedUntil: current.lockedUntil },
      data: next,
    });
    if (count === 1) return next;
    const fresh = await db().operator.findUnique({
      where: { id },
      select: { failedLogins: true, lockedUntil: true },
    });
    if (!fresh) return next;
    current = fresh;
  }
  return current;
}

/** No operator has a longer username; a longer one is refused before it costs a query or an audit row. */
export const MAX_USERNAME_LENGTH = 64;

export async function login(
  username: string,
  password: string,
  context: LoginContext = {},
): Promise<LoginResult> {
  if (username.length > MAX_USERNAME_LENGTH) return { ok: false, reason: "invalid_credentials" };
  const now = context.now ?? new Date();
  const meta = context.remoteAddress ? { remoteAddress: context.remoteAddress } : {};
  const address = context.remoteAddress ?? UNKNOWN_ADDRESS;
  // A held address is refused before the database: a flood from it costs no query and no audit row.
  const addressHold = addressThrottle.heldUntil(address, now);
  if (addressHold) {
    logger("auth").warn({ address, username }, "login refused: address held after repeated failures");
    return { ok: false, reason: "locked", lockedUntil: addressHold };
  }
  // The hash is omitted from every default read (server/db.ts): this is the one place that needs it.
  const operator = await db().operator.findUnique({ where: { username }, omit: { passwordHash: false } });
  // An API token's identity (kind api) never signs in to the console, whatever the password: it
  // answers exactly like an unknown username.
  if (!operator || operator.kind === "api") {
    // Spend the same scrypt time as for a real account so response times don't reveal usernames.
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(password, await dummyHash);
    addressThrottle.recordFailure(address, username, now);
    const reason = operator ? "api_identity" : "unknown_user";
    await audit("auth.login_failed", operator?.id ?? null, username, { reason, ...meta });
    return { ok: false, reason: "invalid_credentials" };
  }
  // A held username refuses only the addresses that failed on it; the operator elsewhere is checked.
  const lock = activeLock(operator, now);
  if (lock && addressThrottle.failedOn(address, username, now)) {
    await audit("auth.login_failed", operator.id, username, { reason: "locked", ...meta });
    return { ok: false, reason: "locked", lockedUntil: lock };
  }
  if (!(await verifyPassword(password, operator.passwordHash))) {
    const state = await recordFailure(operator.id, operator, now);
    addressThrottle.recordFailure(address, username, now);
    await audit("auth.login_failed", operator.id, username, {
      reason: "wrong_password",
      failedLogins: state.failedLogins,
      ...meta,
    });
    const lockedUntil = activeLock(state, now) ?? addressThrottle.heldUntil(address, now);
    return lockedUntil
      ? { ok: false, reason: "locked", lockedUntil }
      : { ok: false, reason: "invalid_credentials" };
  }
  addressThrottle.recordSuccess(address, username);
  // Only a caller who knows the password learns that the account is disabled.
  if (operator.disabled) {
    await audit("auth.login_failed", operator.id, username, { reason: "disabled", ...meta });
    return { ok: false, reason: "disabled" };
  }
  await db().$transaction([
    db().operator.update({ where: { id: operator.id }, data: { ...afterSuccess(), lastLoginAt: now } }),
    db().auditLog.create({
      data: { action: "auth.login", operatorId: operator.id, target: `operator:${username}`, after: meta },
    }),
  ]);
  return {
    ok: true,
    operator: {
      id: operator.id,
      username: operator.username,
      name: operator.name,
      role: operator.role,
      sessionVersion: operator.sessionVersion,
    },
  };
}
