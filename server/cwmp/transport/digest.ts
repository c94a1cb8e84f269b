// HTTP Basic and Digest (RFC 7616, MD5 with qop=auth, the variant TR-069 CPEs implement) for both
// sides: the ACS verifying CPEs, the ACS answering a CPE's connection-request challenge, and the
// simulator doing the reverse. Nonces are stateless (timestamp + HMAC) so any ACS process can verify
// a nonce another process issued.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export type AuthHeader =
  | { scheme: "Basic"; username: string; password: string }
  | { scheme: "Digest"; params: Record<string, string> };

const md5 = (s: string): string => createHash("md5").update(s).digest("hex");

export function ha1(username: string, realm: string, password: string): string {
  return md5(`${username}:${realm}:${password}`);
}

/** Parse `key=value, key="quoted, value"` lists as used by WWW-Authenticate and Authorization. */
export function parseAuthParams(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const key = m[1]!.toLowerCase();
    params[key] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "");
  }
  return params;
}

/** Parse an Authorization (or WWW-Authenticate) header; null when absent or unintelligible. */
export function parseAuthorization(header: string | undefined): AuthHeader | null {
  if (!header) return null;
  const space = header.indexOf(" ");
  if (space < 0) return null;
  const scheme = header.slice(0, space).toLowerCase();
  const rest = header.slice(space + 1).trim();
  if (scheme === "basic") {
    const decoded = Buffer.from(rest, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return null;
    return { scheme: "Basic", username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (scheme === "digest") return { scheme: "Digest", params: parseAuthParams(rest) };
  return null;
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

/**
 * Stateless nonce: issue time, a random salt, and an HMAC of both, verifiable by any process sharing
 * the key. The salt keeps two clients challenged in the same millisecond from sharing a nonce (and
 * then each other's nonce-count in the replay check).
 */
export function makeNonce(
  key: string,
  now = Date.now(),
  salt = randomBytes(6).toString("base64url"),
): string {
  const ts = now.toString(36);
  const mac = createHmac("sha256", key).update(`${ts}.${salt}`).digest("base64url").slice(0, 22);
  return `${ts}.${salt}.${mac}`;
}

/** "ok", "stale" (genuine but older than maxAgeMs) or "invalid". */
export function checkNonce(
  key: string,
  nonce: string,
  maxAgeMs: number,
  now = Date.now(),
): "ok" | "stale" | "invalid" {
  const parts = nonce.split(".");
  if (parts.length !== 3) return "invalid";
  const [ts, salt] = parts as [string, string, string];
  if (!/^[0-9a-z]{1,12}$/.test(ts) || !/^[A-Za-z0-9_-]{8}$/.test(salt)) return "invalid";
  const expected = makeNonce(key, parseInt(ts, 36), salt);
  if (nonce.length !== expected.length || !timingSafeEqual(Buffer.from(nonce), Buffer.from(expected))) {
    return "invalid";
  }
  const age = now - parseInt(ts, 36);
  return age >= 0 && age <= maxAgeMs ? "ok" : "stale";
}

/** When the nonce was issued (ms since the epoch), or null when it is not one of ours in form. */
export function nonceIssuedAt(nonce: string): number | null {
  const dot = nonce.indexOf(".");
  if (dot <= 0) return null;
  const ts = nonce.slice(0, dot);
  if (!/^[0-9a-z]{1,12}$/.test(ts)) return null;
  return parseInt(ts, 36);
}

/**
 * The nonce-count of a Digest response: with qop=auth exactly 8 hex digits and above 0 (RFC 7616);
 * without qop the client sends none and 0 stands for it (the nonce is then single use). null when
 * malformed: a missing, short, signed or zero count could otherwise dodge the replay check.
 */
export function nonceCount(params: Record<string, string>): number | null {
  if (params.qop === undefined) return params.nc === undefined ? 0 : null;
  const nc = params.nc;
  if (nc === undefined || !/^[0-9a-fA-F]{8}$/.test(nc)) return null;
  const value = parseInt(nc, 16);
  return value > 0 ? value : null;
}

/**
 * Does the Digest `uri` name this request's target? A response computed for another URI (or
 * captured on another path) must not authenticate this one. Some CPEs send the absolute URI: its
 * path and query must then equal the target.
 */
export function digestUriMatches(uri: string, requestTarget: string): boolean {
  if (uri === requestTarget) return true;
  if (!/^https?:\/\//i.test(uri)) return false;
  try {
    const url = new URL(uri);
    return url.pathname + url.search === requestTarget;
  } catch {
    return false;
  }
}

export function digestChallenge(realm: string, nonce: string, stale = false): string {
  return `Digest realm="${realm}", qop="auth", algorithm=MD5, nonce="${nonce}"${stale ? ", stale=true" : ""}`;
}

/** Server side: does this Digest response match the stored HA1 for the request method? */
export function verifyDigest(params: Record<string, string>, method: string, storedHa1: string): boolean {
  const { uri, nonce, response, qop, nc, cnonce } = params;
  if (!uri || !nonce || !response) return false;
  const ha2 = md5(`${method}:${uri}`);
  const expected =
    qop === "auth"
      ? md5(`${storedHa1}:${nonce}:${nc ?? ""}:${cnonce ?? ""}:auth:${ha2}`)
      : md5(`${storedHa1}:${nonce}:${ha2}`);
  return (
    expected.length === response.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(response.toLowerCase()))
  );
}

/** Client side: the Authorization header answering a Digest challenge (WWW-Authenticate params). */
export function digestAuthorization(opts: {
  method: string;
  uri: string;
  username: string;
  password: string;
  challenge: Record<string, string>;
  nc?: number;
}): string {
  const realm = opts.challenge.realm ?? "";
  const nonce = opts.challenge.nonce ?? "";
  const qops = (opts.challenge.qop ?? "").split(",").map((q) => q.trim());
  const h1 = ha1(opts.username, realm, opts.password);
  const h2 = md5(`${opts.method}:${opts.uri}`);
  const parts = [
    `username="${opts.username}"`,
    `realm="${realm}"`,
    `nonce="${nonce}"`,
    `uri="${opts.uri}"`,
    `algorithm=MD5`,
  ];
  if (qops.includes("auth")) {
    const nc = (opts.nc ?? 1).toString(16).padStart(8, "0");
    const cnonce = randomBytes(8).toString("hex");
    parts.push(`qop=auth`, `nc=${nc}`, `cnonce="${cnonce}"`);
    parts.push(`response="${md5(`${h1}:${nonce}:${nc}:${cnonce}:auth:${h2}`)}"`);
  } else {
    parts.push(`response="${md5(`${h1}:${nonce}:${h2}`)}"`);
  }
  if (opts.challenge.opaque !== undefined) parts.push(`opaque="${opts.challenge.opaque}"`);
  return `Digest ${parts.join(", ")}`;
}
