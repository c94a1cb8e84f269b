// API tokens: an admin creates one (the secret is returned once and only its hash is kept), lists them
// and revokes them. Each token acts as its own Operator row (kind api) with the token's role, so every
// service rule and audit row treats an integrator like an operator with that role.
import "server-only";
import { permissionsOf } from "../../../lib/permissions";
import {
  createApiTokenInput,
  type ApiTokenState,
  type ApiTokenSummary,
  type CreatedApiToken,
  type CreateApiTokenInput,
} from "../../../lib/api-tokens/schemas";
import { audited, recordAudit } from "../../audit/service";
import type { Actor } from "../../core/actor";
import { AppError } from "../../core/app-error";
import { END_SESSIONS } from "../../auth/session-version";
import { db } from "../../db";
import type { Prisma } from "../../generated/prisma/client";
import { generateToken } from "./token-format";

/**
 * Stored as the api operator's password hash: not in the `scrypt$...` format verifyPassword accepts,
 * so no password can ever match it (and login.ts refuses kind api before that anyway).
 */
export const UNUSABLE_PASSWORD_HASH = "!api-token";

const DAY_MS = 86_400_000;

const SUMMARY = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  rateLimit: true,
  operator: { select: { role: true } },
  createdBy: { select: { username: true } },
} as const satisfies Prisma.ApiTokenSelect;

type TokenRow = Prisma.ApiTokenGetPayload<{ select: typeof SUMMARY }>;

function stateOf(row: TokenRow, now: Date): ApiTokenState {
  if (row.revokedAt) return "revoked";
  return row.expiresAt && row.expiresAt <= now ? "expired" : "active";
}

function summary(row: TokenRow, now = new Date()): ApiTokenSummary {
  const { operator, createdBy, ...rest } = row;
  return {
    ...rest,
    role: operator.role,
    permissions: [...permissionsOf(operator.role)],
    createdBy: createdBy?.username ?? null,
    state: stateOf(row, now),
  };
}

/** What an audit row may show about a token: never the secret or its hash. */
const snapshot = (t: ApiTokenSummary) => ({
  name: t.name,
  prefix: t.prefix,
  role: t.role,
  expiresAt: t.expiresAt?.toISOString() ?? null,
  rateLimit: t.rateLimit,
});

export async function createApiToken(actor: Actor, raw: CreateApiTokenInput): Promise<CreatedApiToken> {
  const input = createApiTokenInput.parse(raw);
  const { token, prefix, hash } = generateToken();
  const now = new Date();
  const apiToken = await audited(
    (created: ApiTokenSummary) => ({
      operatorId: actor.id,
      action: "api_token.create",
      target: `api_token:${created.prefix}`,
      after: snapshot(created),
    }),
    async (tx) => {
      const operator = await tx.operator.create({
        data: {
          username: `api-${prefix}`,
          name: input.name,
          role: input.role,
          kind: "api",
          passwordHash: UNUSABLE_PASSWORD_HASH,
        },
        select: { id: true },
      });
      const row = await tx.apiToken.create({
        data: {
          name: input.name,
          prefix,
          hash,
          operatorId: operator.id,
          createdById: actor.id,
          expiresAt:
            input.expiresInDays === null ? null : new Date(now.getTime() + input.expiresInDays * DAY_MS),
          rateLimit: input.rateLimit,
          // The first request opens a fresh window.
          windowStart: new Date(0),
        },
        select: SUMMARY,
      });
      return summary(row, now);
    },
  );
  return { token, apiToken };
}

export async function listApiTokens(now = new Date()): Promise<ApiTokenSummary[]> {
  const rows = await db().apiToken.findMany({ select: SUMMARY, orderBy: { createdAt: "desc" } });
  return rows.map((row) => summary(row, now));
}

/**
 * Revoke at once: the token stops authenticating (revokedAt), its identity is disabled and its
 * sessionVersion raised, with the audit row in the same transaction. Idempotent: revoking a revoked
 * token (also two revocations racing: the row lock orders them) changes and audits nothing.
 */
export async function revokeApiToken(actor: Actor, id: number): Promise<ApiTokenSummary> {
  const now = new Date();
  return db().$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: now },
    });
    const row = await tx.apiToken.findUnique({ where: { id }, select: { ...SUMMARY, operatorId: true } });
    if (!row) throw new AppError("not_found", `API token ${id} not found`);
    const { operatorId, ...token } = row;
    const revoked = summary(token, now);
    if (count === 0) return revoked;
    await tx.operator.update({ where: { id: operatorId }, data: { disabled: true, ...END_SESSIONS } });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "api_token.revoke",
      target: `api_token:${revoked.prefix}`,
      after: { ...snapshot(revoked), revokedAt: now.toISOString() },
    });
    return revoked;
  });
}
