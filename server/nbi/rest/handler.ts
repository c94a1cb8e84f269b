// One northbound request end to end: request id, token (401/429), body cap, Idempotency-Key (replay
// or claim), then trpc-to-openapi's router; every non-2xx answer is rewritten into the one error
// shape, and every answer carries X-Request-Id and, once the token is known, the X-RateLimit-* budget.
import "server-only";
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { settings } from "../../env";
import { logger } from "../../logger";
import { observeApiRequest } from "../../observability/metrics";
import type { ApiPrincipal, RateBudget } from "../principal";
import { authenticateApiRequest } from "../tokens/authenticate";
import { hasBody, readCapped, withBody } from "./body";
import { errorResponse, failureOf, type ApiFailure } from "./errors";
import {
  IdempotencyTaken,
  idempotencyKeySchema,
  requestHashOf,
  settleClaim,
  storedAnswer,
  type IdempotencyClaim,
} from "./idempotency";
import { API_BASE_PATH, generateApiDocument } from "./openapi";
import { requestIdOf } from "./request-id";
import { apiRouter } from "./router";

function budgetHeaders(budget: RateBudget): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(budget.limit),
    "X-RateLimit-Remaining": String(Math.max(0, budget.remaining)),
    "X-RateLimit-Reset": String(Math.ceil(budget.resetAt.getTime() / 1000)),
  };
}

type Answer = (failure: ApiFailure, extra?: Record<string, string>) => Response;

/** One REST request, counted in the API request metrics (status and duration) whatever the answer. */
export async function handleApiRequest(req: Request): Promise<Response> {
  const started = performance.now();
  const response = await answer(req);
  observeApiRequest(response.status, performance.now() - started);
  return response;
}

async function answer(req: Request): Promise<Response> {
  const requestId = requestIdOf(req.headers.get("x-request-id"));
  const path = new URL(req.url).pathname;
  const log = logger("api").child({ requestId, method: req.method, path });
  const headers: Record<string, string> = { "X-Request-Id": requestId, "Cache-Control": "no-store" };
  const fail: Answer = (failure, extra = {}) => {
    log.info({ status: failure.status, code: failure.code }, "api request refused");
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
  if (req.method === "GET" && path === `${API_BASE_PATH}/openapi.json`) {
    return Response.json(generateApiDocument(), { headers });
  }

  let request = req;
  let text = "";
  if (hasBody(req.method)) {
    const limit = settings().WEB_MAX_BODY_BYTES;
    const read = await readCapped(req, limit);
    if (read === null)
      return fail({ status: 413, code: "bad_request", message: `Request body larger than ${limit} bytes` });
    text = read;
    request = withBody(req, text);
  }
  // Only POSTs queue work; the header means nothing on a read, a PUT or a DELETE.
  const rawKey = req.method === "POST" ? req.headers.get("idempotency-key") : null;
  let claim: IdempotencyClaim | null = null;
  if (rawKey !== null) {
    if (!idempotencyKeySchema.safeParse(rawKey).success) {
      return fail({
        status: 422,
        code: "unprocessable",
        message: "Invalid Idempotency-Key header",
        fieldErrors: { "Idempotency-Key": ["must be 1 to 200 characters"] },
      });
    }
    claim = {
      tokenId: auth.principal.tokenId,
      key: rawKey,
      requestHash: requestHashOf(req.method, path, text),
      claimed: false,
    };
    const stored = await answerFromStore(claim, headers, fail);
    if (stored) return stored;
  }
  return dispatch(request, auth.principal, requestId, claim, headers, fail, log);
}

/** A stored answer for this key (replayed, 422 or 409), or null when the key is new. */
async function answerFromStore(
  claim: IdempotencyClaim,
  headers: Record<string, string>,
  fail: Answer,
): Promise<Response | null> {
  const stored = await storedAnswer(claim);
  switch (stored.kind) {
    case "none":
      return null;
    case "mismatch":
      return fail({
        status: 422,
        code: "unprocessable",
        message: "This Idempotency-Key was used with a different request",
        fieldErrors: { "Idempotency-Key": ["already used with a different request"] },
      });
    case "in_progress":
      return fail({
        status: 409,
        code: "conflict",
        message: "A request with this Idempotency-Key is still in progress",
      });
    case "replay":
      return Response.json(stored.body, {
        status: stored.status,
        headers: { ...headers, "Idempotent-Replayed": "true" },
      });
  }
}

async function dispatch(
  request: Request,
  principal: ApiPrincipal,
  requestId: string,
  claim: IdempotencyClaim | null,
  headers: Record<string, string>,
  fail: Answer,
  log: ReturnType<typeof logger>,
): Promise<Response> {
  const path = new URL(request.url).pathname;
  let caught: unknown;
  let response: Response;
  try {
    response = await createOpenApiFetchHandler({
      req: request,
      endpoint: API_BASE_PATH,
      router: apiRouter,
      createContext: () => ({
        principal,
        requestId,
        idempotencyKey: claim?.key ?? null,
        idempotency: claim,
        request,
      }),
      onError: ({ error }) => {
        caught = error;
      },
    });
  } catch (error) {
    caught = error;
    response = new Response(null, { status: 500 });
  }
  if (response.status >= 400 || caught !== undefined) {
    if (claim) await settleClaim(claim, 500, null);
    const failure = failureOf(caught, path);
    // Claimed by a concurrent duplicate that has finished by now: answer as a retry would be.
    if (claim && caught instanceof Error && caught.cause instanceof IdempotencyTaken) {
      const stored = await answerFromStore(claim, headers, fail);
      if (stored) return stored;
    }
    return fail(failure);
  }
  log.info({ status: response.status, token: principal.tokenName }, "api request");
  const body = await response.text();
  if (claim) await settleClaim(claim, response.status, body === "" ? null : JSON.parse(body));
  const out = new Headers(response.headers);
  for (const [name, value] of Object.entries(headers)) out.set(name, value);
  return new Response(body, { status: response.status, headers: out });
}
