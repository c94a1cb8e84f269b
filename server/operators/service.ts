// Operator accounts: create, enable/disable, change role, reset password. Each change and its audit row
// (before/after snapshots, never password hashes) commit in one transaction.
import "server-only";
import type { Actor } from "../core/actor";
import { AppError } from "../core/app-error";
import { audited } from "../audit/service";
import { generatePassword, hashPassword } from "../auth/password";
import { END_SESSIONS } from "../auth/session-version";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { Role } from "../generated/prisma/enums";
import type { CreateOperatorInput } from "../../lib/operators/schemas";

type Tx = Prisma.TransactionClient;

const SUMMARY = {
  id: true,
  username: true,
  name: true,
  role: true,
  disabled: true,
  createdAt: true,
  lastLoginAt: true,
  failedLogins: true,
  lockedUntil: true,
} as const satisfies Prisma.OperatorSelect;

export type OperatorSummary = Prisma.OperatorGetPayload<{ select: typeof SUMMARY }>;

/** What an audit row may show about an operator. */
const snapshot = (o: { username: string; name: string; role: Role; disabled: boolean }) => ({
  username: o.username,
  name: o.name,
  role: o.role,
  disabled: o.disabled,
});

/**
 * People only: an API token's identity (kind api) is managed on the API tokens page (revoke), never
 * here, and is no administrator for the "one admin must remain" rule.
 */
const HUMAN = { kind: "human" } as const satisfies Prisma.OperatorWhereInput;

export async function listOperators(): Promise<OperatorSummary[]> {
  return db().operator.findMany({ where: HUMAN, select: SUMMARY, orderBy: { username: "asc" } });
}

export async function createOperator(actor: Actor, input: CreateOperatorInput): Promise<OperatorSummary> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await audited(
      (created: OperatorSummary) => ({
        operatorId: actor.id,
        action: "operator.create",
        target: `operator:${created.username}`,
        after: snapshot(created),
      }),
      (tx) =>
        tx.operator.create({
          data: { username: input.username, name: input.name, role: input.role, passwordHash },
          select: SUMMARY,
        }),
    );
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new AppError("conflict", `The username "${input.username}" is taken`);
    throw error;
  }
}

/**
 * Lock the enabled admins (FOR UPDATE) so two concurrent demotions cannot both see "another admin
 * is left" and leave none.
 */
async function assertAnotherAdminRemains(tx: Tx, leavingId: number): Promise<void> {
  const admins = await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM "Operator" WHERE role = 'admin' AND disabled = false AND kind = 'human' ORDER BY id FOR UPDATE`;
  if (!admins.some((a) => a.id !== leavingId))
    throw new AppError("conflict", "At least one enabled administrator must remain");
}

/** Read the operator in the transaction, apply `change`, and audit before/after. */
async function changeOperator(
  actor: Actor,
  id: number,
  action: string,
  change: (tx: Tx, before: OperatorSummary) => Promise<OperatorSummary>,
  extra: { after?: object } = {},
): Promise<OperatorSummary> {
  const result = await audited(
    (r: { before: OperatorSummary; after: OperatorSummary }) => ({
      operatorId: actor.id,
      action,
      target: `operator:${r.after.username}`,
      before: snapshot(r.before),
      after: { ...snapshot(r.after), ...extra.after },
    }),
    async (tx) => {
      const before = await tx.operator.findUnique({ where: { id, ...HUMAN }, select: SUMMARY });
      if (!before) throw new AppError("not_found", `Operator ${id} not found`);
      return { before, after: await change(tx, before) };
    },
  );
  return result.after;
}

export async function setOperatorDisabled(
  actor: Actor,
  id: number,
  disabled: boolean,
): Promise<OperatorSummary> {
  if (disabled && id === actor.id) throw new AppError("forbidden", "You cannot disable your own account");
  return changeOperator(actor, id, disabled ? "operator.disable" : "operator.enable", async (tx, before) => {
    if (disabled && before.role === "admin" && !before.disabled) await assertAnotherAdminRemains(tx, id);
    // Disabling signs the operator out everywhere at once, in the same transaction.
    const data = disabled ? { disabled, ...END_SESSIONS } : { disabled };
    return tx.operator.update({ where: { id }, data, select: SUMMARY });
  });
}

export async function changeOperatorRole(actor: Actor, id: number, role: Role): Promise<OperatorSummary> {
  return changeOperator(actor, id, "operator.role", async (tx, before) => {
    if (before.role === "admin" && role !== "admin" && !before.disabled)
      await assertAnotherAdminRemains(tx, id);
    // A new role ends the operator's sessions: they sign in again and see what the role allows.
    const data = role === before.role ? { role } : { role, ...END_SESSIONS };
    return tx.operator.update({ where: { id }, data, select: SUMMARY });
  });
}

/**
 * Set the given password or generate one; the plain password is returned once, for the admin to
 * hand over, and never stored or audited. A reset also lifts a login lock.
 */
export async function resetOperatorPassword(
  actor: Actor,
  id: number,
  password?: string,
): Promise<{ operator: OperatorSummary; password: string; generated: boolean }> {
  const plain = password ?? generatePassword();
  const passwordHash = await hashPassword(plain);
  const operator = await changeOperator(
    actor,
    id,
    "operator.password_reset",
    (tx) =>
      tx.operator.update({
        where: { id },
        // Whoever knew the old password is signed out along with every other session of the operator.
        data: { passwordHash, failedLogins: 0, lockedUntil: null, ...END_SESSIONS },
        select: SUMMARY,
      }),
    { after: { passwordReset: true, generated: password === undefined } },
  );
  return { operator, password: plain, generated: password === undefined };
}
