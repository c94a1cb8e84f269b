// Who calls the northbound REST API: an API token, acting as its own operator identity (kind `api`)
// with the token's role. Services take `actor` exactly as they take a signed-in operator, so every rule
// (permissions, audience visibility, audit) holds for integrators unchanged.
import type { Permission } from "../../lib/permissions";
import type { WritingActor } from "../core/actor";

export interface ApiPrincipal {
  tokenId: number;
  tokenName: string;
  /** The token's operator row (kind api): the actor services and audit rows name. */
  actor: WritingActor;
  /** permissionsOf(actor.role): the token's scopes */
  permissions: readonly Permission[];
}

/** The per-token request budget after this request (fixed one-minute window shared by all processes). */
export interface RateBudget {
  limit: number;
  remaining: number;
  resetAt: Date;
}

export type ApiAuthentication =
  | { ok: true; principal: ApiPrincipal; budget: RateBudget }
  /** missing, malformed, unknown, expired or revoked token: one answer for all (no oracle) */
  | { ok: false; status: 401; message: string }
  | { ok: false; status: 429; message: string; retryAfterSeconds: number; budget: RateBudget };
