// The few REST operations whose body is not JSON (a CSV import, a firmware image) cannot pass through
// trpc-to-openapi (it takes JSON bodies only): each has its own route under app/api/v1, and this wraps
// it with what the main handler gives every call: request id, the token (401 / 429 with Retry-After),
// the X-RateLimit-* budget, the scope check (403), the one error shape, the request metrics.
import "server-only";
import type { Permission } from "../../../../lib/permissions";
import { logger } from "../../../logger";
import { observeApiRequest } from "../../../observability/metrics";
import type { ApiPrincipal, RateBudget } from "../../principal";
import { authenticateApiRequest } from "../../tokens/authenticate";
import { errorResponse, failureOf, type ApiFailure } from "../errors";
import { requestIdOf } from "../request-id";

export interface RawAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

function budgetHeaders(budget: RateBudget): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(budget.limit),
    "X-RateLimit-Remaining": String(Math.max(0, budget.remaining)),
    "X-RateLimit-Reset": String(Math.ceil(budget.resetAt.getTime() / 1000)),
  };
}

/** A refusal the operation itself decides (415, 413 ...), answered in the one error shape. */
export class RawRefusal extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.message);
  }
}

export async function rawApiCall(
  req: Request,
  permission: Permission,
  run: (principal: ApiPrincipal) => Promise<RawAnswer>,
): Promise<Response> {
  const requestId = requestIdOf(req.headers.get("x-request-id"));
  const path = new URL(req.url).pathname;
  const log = logger("api").child({ requestId, method: req.method, path });
  const headers: Record<string, string> = { "X-Request-Id": requestId, "Cache-Control": "no-store" };
  const started = performance.now();
  const fail = (failure: ApiFailure, extra: Record<string, string> = {}) => {
    log.info({ status: failure.status, code: failure.code }, "api request refused");
    observeApiRequest(failure.status, performance.now() - started);
    return errorResponse(failure, requestId, { ...headers, ...extra });
  };

  const auth = await authenticateApiRequest(req.headers.get("authorization"));
  if (!auth.ok) {
    if (auth.status === 401) return fail({ status: 401, code: "unauthorized", message: auth.message });
    return fail(
      { status: 429, code: "rate_limited", message: auth.message },
      { ...budgetHeaders(auth.budget), "Retry-After": String(auth.retryAfterSeconds) },
    );
  }
  Object.assign(headers, budgetHeaders(auth.budget));
  const { principal } = auth;
  if (!principal.permissions.includes(permission))
    return fail({ status: 403, code: "forbidden", message: `This token lacks the scope ${permission}` });
  try {
    const answer = await run(principal);
    log.info({ status: answer.status, token: principal.tokenName }, "api request");
    observeApiRequest(answer.status, performance.now() - started);
    return Response.json(answer.body, { status: answer.status, headers: { ...headers, ...answer.headers } });
  } catch (error) {
    return fail(error instanceof RawRefusal ? error.failure : failureOf(error, path));
  }
}

/** The media type without parameters, lower-cased ("text/csv; charset=utf-8" -> "text/csv"). */
export function mediaType(req: Request): string {
  return (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}
