// Who sent a BulkData report: the device whose derived password (credentials.ts) the request proves, by
// Digest (any transport) or Basic (TLS only). The username is the device's serial number or
// "<OUI>-<serial>"; RequestURIParameter query values (oui, pc / ProductClass, sn) narrow a serial several
// devices share. Every refusal is the same 401 with a fresh challenge: no oracle for who exists.
import { timingSafeEqual } from "node:crypto";
import type http from "node:http";
import {
  checkNonce,
  digestChallenge,
  digestUriMatches,
  ha1,
  makeNonce,
  nonceCount,
  nonceIssuedAt,
  parseAuthorization,
  verifyDigest,
} from "../../cwmp/transport/digest";
import { db } from "../../db";
import { recordNonceUse } from "../../devices/digest-nonces";
import { derivePassword } from "./credentials";

export const BULKDATA_REALM = "Vantage BulkData";
export const NONCE_MAX_AGE_MS = 10 * 60_000;
/** Devices tried for one username: a serial shared by more is narrowed by the query's oui/pc. */
const MAX_CANDIDATES = 8;

export interface AuthContext {
  /** HMAC key of the derived passwords (appSecret("bulkdata-key")) */
  secret: string;
  nonceKey: string;
  tls: boolean;
}

export interface ReportingDevice {
  id: number;
  oui: string;
  serialNumber: string;
  rootObject: string;
}

export type AuthResult = { ok: true; device: ReportingDevice } | { ok: false; challenge: string };

export function challenge(ctx: AuthContext, stale = false): string {
  const digest = digestChallenge(BULKDATA_REALM, makeNonce(ctx.nonceKey), stale);
  return ctx.tls ? `${digest}, Basic realm="${BULKDATA_REALM}"` : digest;
}

async function candidates(username: string, query: URLSearchParams): Promise<ReportingDevice[]> {
  if (username === "" || username.length > 128) return [];
  const oui = query.get("oui") ?? query.get("OUI") ?? undefined;
  const productClass = query.get("pc") ?? query.get("ProductClass") ?? undefined;
  const sn = query.get("sn") ?? query.get("SerialNumber") ?? undefined;
  const split = /^([0-9A-Fa-f]{6})-(.+)$/.exec(username);
  const forms = [{ oui, serialNumber: username }];
  if (split) forms.push({ oui: split[1]!.toUpperCase(), serialNumber: split[2]! });
  const rows = await db().device.findMany({
    where: {
      OR: forms.map((f) => ({
        serialNumber: f.serialNumber,
        ...(f.oui ? { oui: { equals: f.oui, mode: "insensitive" as const } } : {}),
        ...(productClass ? { productClass } : {}),
      })),
    },
    select: { id: true, oui: true, serialNumber: true, rootObject: true },
    take: MAX_CANDIDATES,
  });
  // A query serial that contradicts the username names another device: not this one.
  return sn ? rows.filter((r) => r.serialNumber === sn) : rows;
}

const equal = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function authenticate(req: http.IncomingMessage, ctx: AuthContext): Promise<AuthResult> {
  const deny = (stale = false): AuthResult => ({ ok: false, challenge: challenge(ctx, stale) });
  const target = req.url ?? "/";
  const query = new URLSearchParams(target.includes("?") ? target.slice(target.indexOf("?") + 1) : "");
  const given = parseAuthorization(req.headers.authorization);
  if (!given) return deny();
  if (given.scheme === "Basic") {
    // Basic sends the password in clear: only inside TLS.
    if (!ctx.tls) return deny();
    const found = (await candidates(given.username, query)).find((d) =>
      equal(derivePassword(ctx.secret, d), given.password),
    );
    return found ? { ok: true, device: found } : deny();
  }
  const { username, nonce, realm, uri } = given.params;
  if (!username || !nonce || !uri || realm !== BULKDATA_REALM) return deny();
  const nc = nonceCount(given.params);
  if (nc === null || !digestUriMatches(uri, target)) return deny();
  const freshness = checkNonce(ctx.nonceKey, nonce, NONCE_MAX_AGE_MS);
  if (freshness === "invalid") return deny();
  const method = req.method ?? "POST";
  const found = (await candidates(username, query)).find((d) =>
    verifyDigest(given.params, method, ha1(username, BULKDATA_REALM, derivePassword(ctx.secret, d))),
  );
  if (!found) return deny();
  if (freshness === "stale") return deny(true);
  const issuedAt = nonceIssuedAt(nonce);
  if (issuedAt === null) return deny();
  // A replayed Authorization (same nonce and count) is refused: recorded only once verified.
  if (!(await recordNonceUse(nonce, nc, new Date(issuedAt + NONCE_MAX_AGE_MS)))) return deny();
  return { ok: true, device: found };
}
