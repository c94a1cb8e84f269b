// Operator.sessionVersion ends sessions at once: the JWT carries the version it was issued with, every
// request compares it with the row, and sign-out, password reset, role change and disabling raise the
// row's version. A JWT cannot be revoked by itself (it stays valid for 8 h); the row can.
import "server-only";
import type { Session } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { recordAudit } from "../audit/service";
import type { WritingActor } from "../core/actor";
import { db } from "../db";

/** The signed-in operator: an actor with a display name. */
export interface CurrentOperator extends WritingActor {
  name: string;
}

/** Spread into an Operator update: every session issued before the update is signed out. */
export const END_SESSIONS = { sessionVersion: { increment: 1 } } as const;

/**
 * The operator a session stands for, re-read from the database: null (signed out) when the row is gone,
 * disabled, or its version moved on since the token was issued (or the token predates versions).
 */
export async function operatorForSession(session: Session | null): Promise<CurrentOperator | null> {
  const claims = session?.operator;
  if (!claims?.id || claims.sessionVersion === undefined) return null;
  const operator = await db().operator.findUnique({
    where: { id: claims.id },
    select: {
      id: true,
      username: true,
      name: true,
      role: true,
      disabled: true,
      sessionVersion: true,
      kind: true,
    },
  });
  // kind api: a token's identity never holds a console session (login.ts refuses it; this backs that up).
  if (
    !operator ||
    operator.disabled ||
    operator.kind === "api" ||
    operator.sessionVersion !== claims.sessionVersion
  )
    return null;
  return { id: operator.id, username: operator.username, name: operator.name, role: operator.role };
}

/**
 * Sign-out ends every session of the operator (all browsers), as issue 7 asks. Only a current token
 * does it: a stale token's sign-out changes nothing, so whoever kept an old cookie cannot sign the
 * operator out of the sessions they opened since.
 */
export async function endSessionsOnSignOut(token: JWT | null | undefined): Promise<boolean> {
  const id = token?.operatorId;
  const version = token?.sessionVersion;
  if (!id || version === undefined) return false;
  return db().$transaction(async (tx) => {
    const { count } = await tx.operator.updateMany({
      where: { id, sessionVersion: version },
      data: END_SESSIONS,
    });
    if (count === 1)
      await recordAudit(tx, {
        operatorId: id,
        action: "auth.logout",
        target: `operator:${token.username ?? ""}`,
      });
    return count === 1;
  });
}
