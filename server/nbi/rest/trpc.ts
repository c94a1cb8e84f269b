// The northbound REST API's own tRPC instance: plain JSON (no superjson: integrators read the bodies),
// OpenAPI metadata on every procedure, and a context built from the API token instead of a session.
// Procedures call the same services as the console with the token's operator row as the actor.
import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import type { Permission } from "../../../lib/permissions";
import { findUnstorableString } from "../../core/request-safety";
import type { ApiPrincipal } from "../principal";
import type { IdempotencyClaim } from "./idempotency";

export interface ApiContext {
  principal: ApiPrincipal;
  requestId: string;
  /** The Idempotency-Key header (1..200 characters) or null when absent. */
  idempotencyKey: string | null;
  request: Request;
  /** Set with idempotencyKey: what `idempotent()` claims and the handler settles. */
  idempotency: IdempotencyClaim | null;
}

/** `permission` is the scope a token needs; the OpenAPI document and the docs page show it. */
export type ApiMeta = OpenApiMeta<{ permission?: Permission }>;

const t = initTRPC.context<ApiContext>().meta<ApiMeta>().create();

export const createApiRouter = t.router;

/** Strings PostgreSQL can't store are bad input, refused before any service runs (as in the console). */
const storableInput = t.middleware(async ({ getRawInput, next }) => {
  const found = findUnstorableString(await getRawInput());
  if (found) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: `${found} contains a NUL character or an unpaired UTF-16 surrogate`,
    });
  }
  return next();
});

/** A procedure the token may call only when its scopes include `permission`. */
export function apiProcedure(permission: Permission) {
  return t.procedure
    .meta({ permission })
    .use(({ ctx, next }) => {
      if (!ctx.principal.permissions.includes(permission)) {
        throw new TRPCError({
          code: "FORBIDDEN",
          message: `This token lacks the scope ${permission}`,
        });
      }
      return next();
    })
    .use(storableInput);
}
