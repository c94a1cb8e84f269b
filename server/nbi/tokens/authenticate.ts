// Authenticates one northbound request from its Authorization header: `Bearer vtk_<secret>`, looked up
// by the SHA-256 of the whole token (the secret is never stored, compared or logged, only its prefix),
// then one atomic UPDATE on the token row counts the request in a fixed one-minute window. The window
// lives in the row, so every ACS process shares the same budget with no in-memory state.
import "server-only";
import { permissionsOf } from "../../../lib/permissions";
import { db } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { logger } from "../../logger";
import type { ApiAuthentication, RateBudget } from "../principal";
import { hashToken, parseBearer, TOKEN_WINDOW_MS } from "./token-format";

/** One answer for every refused token (missing, malformed, unknown, expired, revoked, disabled): no oracle. */
export const UNAUTHENTICATED_MESSAGE = "A valid API token is required (Authorization: Bearer vtk_...)";

const REFUSED = { ok: false, status: 401, message: UNAUTHENTICATED_MESSAGE } as const;

interface WindowRow {
  windowStart: Date;
  windowCount: number;
  rateLimit: number;
}

export async function authenticateApiRequest(
  authorization: string | null,
  now = new Date(),
): Promise<ApiAuthentication> {
  const token = parseBearer(authorization);
  if (!token) return REFUSED;
  const row = await db().apiToken.findUnique({
    where: { hash: hashToken(token) },
    select: {
      id: true,
      name: true,
      prefix: true,
      expiresAt: true,
      revokedAt: true,
      operator: { select: { id: true, username: true, role: true, disabled: true, kind: true } },
    },
  });
  if (!row) return REFUSED;
  const { operator } = row;
  if (
    row.revokedAt ||
    (row.expiresAt && row.expiresAt <= now) ||
    operator.disabled ||
    operator.kind !== "api"
  ) {
    logger("nbi").info({ tokenPrefix: row.prefix }, "api token refused: expired, revoked or disabled");
    return REFUSED;
  }
  const window = await countRequest(row.id, now);
  // Revoked between the read and the update: the update matched nothing.
  if (!window) return REFUSED;
  const budget = budgetOf(window);
  if (window.windowCount > window.rateLimit) {
    const untilReset = Math.ceil((budget.resetAt.getTime() - now.getTime()) / 1000);
    const retryAfterSeconds = Math.min((2 * TOKEN_WINDOW_MS) / 1000, Math.max(1, untilReset));
    logger("nbi").warn({ tokenPrefix: row.prefix, limit: window.rateLimit }, "api token over its rate limit");
    return {
      ok: false,
      status: 429,
      message: `Rate limit of ${window.rateLimit} requests per minute exceeded; retry in ${retryAfterSeconds} s`,
      retryAfterSeconds,
      budget,
    };
  }
  return {
    ok: true,
    principal: {
      tokenId: row.id,
      tokenName: row.name,
      actor: { id: operator.id, username: operator.username, role: operator.role },
      permissions: permissionsOf(operator.role),
    },
    budget,
  };
}

/**
 * Count this request in the token's window with one statement: the row lock serialises concurrent
 * requests (from any process), so each sees a distinct count and no two both pass at the limit's edge.
 * A window older than a minute restarts; so does one starting more than a minute ahead of `now` (this
 * clock stepped back). A window slightly ahead (processes' clocks a little apart) is counted into, not
 * restarted: otherwise two skewed processes would keep restarting each other's window.
 */
async function countRequest(id: number, now: Date): Promise<WindowRow | undefined> {
  const rows = await db().$queryRaw<WindowRow[]>`
    UPDATE "ApiToken" SET
      "windowStart" = CASE WHEN ${fresh(now)} THEN ${now}::timestamp(3) ELSE "windowStart" END,
      "windowCount" = CASE WHEN ${fresh(now)} THEN 1 ELSE "windowCount" + 1 END,
      "lastUsedAt" = GREATEST("lastUsedAt", ${now}::timestamp(3))
    WHERE id = ${id} AND "revokedAt" IS NULL
    RETURNING "windowStart", "windowCount", "rateLimit"`;
  return rows[0];
}

/** SQL: the stored window is over at `now`, or starts so far ahead of it that this clock stepped back. */
function fresh(now: Date): Prisma.Sql {
  const openedBy = new Date(now.getTime() - TOKEN_WINDOW_MS);
  const steppedBack = new Date(now.getTime() + TOKEN_WINDOW_MS);
  return Prisma.sql`("windowStart" <= ${openedBy}::timestamp(3) OR "windowStart" > ${steppedBack}::timestamp(3))`;
}

function budgetOf(window: WindowRow): RateBudget {
  return {
    limit: window.rateLimit,
    remaining: Math.max(0, window.rateLimit - window.windowCount),
    resetAt: new Date(window.windowStart.getTime() + TOKEN_WINDOW_MS),
  };
}
