// Who may fetch an image or send an upload: the holder of one FileGrant's credentials, by Digest (any
// transport) or Basic (TLS only: it sends the password in clear). Every refusal is the same 401 with a
// fresh challenge — a caller never learns whether the user exists, expired or asked for another image.
import type http from "node:http";
import {
  checkNonce,
  digestChallenge,
  digestUriMatches,
  makeNonce,
  nonceCount,
  nonceIssuedAt,
  parseAuthorization,
  verifyDigest,
} from "../../cwmp/transport/digest";
import { db } from "../../db";
import { recordNonceUse } from "../../devices/digest-nonces";
import type { FileGrant } from "../../generated/prisma/client";
import { basicPasswordMatches, FILE_REALM } from "../grants";

export const NONCE_MAX_AGE_MS = 10 * 60_000;

export interface AuthContext {
  nonceKey: string;
  tls: boolean;
}

/** What the request must match: the grant's purpose and its image (download) or username (upload). */
export type GrantTarget = { purpose: "download"; imageId: number } | { purpose: "upload"; username: string };

export type AuthResult = { ok: true; grant: FileGrant } | { ok: false; challenge: string };

export function challengeHeader(ctx: AuthContext, stale = false): string {
  return digestChallenge(FILE_REALM, makeNonce(ctx.nonceKey), stale);
}

/** A grant the request may use: right purpose, right image/upload, not expired. */
export function grantFits(
  grant: FileGrant | null,
  target: GrantTarget,
  now = new Date(),
): grant is FileGrant {
  if (!grant || grant.purpose !== target.purpose || grant.expiresAt <= now) return false;
  return target.purpose === "download"
    ? grant.imageId === target.imageId
    : grant.username === target.username;
}

export async function authenticateGrant(
  req: http.IncomingMessage,
  target: GrantTarget,
  ctx: AuthContext,
): Promise<AuthResult> {
  const deny = (stale = false): AuthResult => ({ ok: false, challenge: challengeHeader(ctx, stale) });
  const given = parseAuthorization(req.headers.authorization);
  if (!given) return deny();
  if (given.scheme === "Basic") {
    if (!ctx.tls || given.username.length > 64) return deny();
    const grant = await findGrant(given.username);
    if (!grantFits(grant, target) || !basicPasswordMatches(grant, given.password)) return deny();
    return { ok: true, grant };
  }
  const { username, nonce, realm, uri } = given.params;
  if (!username || !nonce || !uri || realm !== FILE_REALM || username.length > 64) return deny();
  const nc = nonceCount(given.params);
  if (nc === null || !digestUriMatches(uri, req.url ?? "/")) return deny();
  const freshness = checkNonce(ctx.nonceKey, nonce, NONCE_MAX_AGE_MS);
  if (freshness === "invalid") return deny();
  const grant = await findGrant(username);
  if (!grantFits(grant, target) || !verifyDigest(given.params, req.method ?? "GET", grant.ha1)) return deny();
  if (freshness === "stale") return deny(true);
  const issuedAt = nonceIssuedAt(nonce);
  if (issuedAt === null) return deny();
  // Recorded once the response verified, so a forger cannot burn a genuine client's counts.
  if (!(await recordNonceUse(nonce, nc, new Date(issuedAt + NONCE_MAX_AGE_MS)))) return deny();
  return { ok: true, grant };
}

function findGrant(username: string): Promise<FileGrant | null> {
  return db().fileGrant.findUnique({ where: { username } });
}
