// SyncML DM credentials (OMA-TS-DM_Security 1.2 §5; formulas as docs/domain.md §5.3 and libdmclient
// dmcore/src/credentials.c, `encode_b64_md5` / `buf_cat_str_buf`):
//
//   basicCredential(user, pass)            -> B64(user ":" pass)                         (syncml:auth-basic)
//   parseBasicCredential(data)             -> { username, password } | undefined
//   md5Credential(user, pass, nonce)       -> B64(MD5(B64(MD5(user ":" pass)) ":" nonce)) (syncml:auth-md5)
//   hmacMac(user, pass, nonce, body)       -> B64(MD5(B64(MD5(user ":" pass)) ":" nonce ":" B64(MD5(body))))
//   hmacHeader({ username, mac })          -> 'algorithm=MD5, username="…", mac=…'  (x-syncml-hmac header)
//   parseHmacHeader(value)                 -> { algorithm, username, mac } | undefined
//   verifyMd5Credential / verifyHmac       -> boolean, constant time
//   newNonce()                             -> 16 random bytes, base64 (what Chal NextNonce carries)
//   constantTimeEqual(a, b)                -> boolean without leaking where or whether lengths differ
//
// A nonce enters the hashes as bytes: pass the decoded NextNonce (Uint8Array) or a string, taken as
// its UTF-8 bytes. Which form a peer uses is an interop choice the session layer makes (domain.md
// §5.3); these helpers only compute. Nothing here logs or keeps a secret.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export type Nonce = string | Uint8Array;

export const AUTH_TYPES = {
  basic: "syncml:auth-basic",
  md5: "syncml:auth-md5",
  hmac: "syncml:auth-MAC",
} as const;

/** Header carrying the HMAC of a message body (transport-level integrity, DM Security §5.5). */
export const HMAC_HEADER = "x-syncml-hmac";

const md5 = (...parts: (string | Uint8Array)[]): Buffer => {
  const hash = createHash("md5");
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");

/** B64(MD5(user ":" pass)): the stored-secret half every DM digest starts from. */
export function userDigest(username: string, password: string): string {
  return b64(md5(`${username}:${password}`));
}

export function basicCredential(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, "utf8").toString("base64");
}

export function parseBasicCredential(data: string): { username: string; password: string } | undefined {
  const trimmed = data.trim();
  if (trimmed === "" || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  const decoded = Buffer.from(trimmed, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function md5Credential(username: string, password: string, nonce: Nonce): string {
  return b64(md5(userDigest(username, password), ":", nonce));
}

export function hmacMac(username: string, password: string, nonce: Nonce, body: Uint8Array): string {
  return b64(md5(userDigest(username, password), ":", nonce, ":", b64(md5(body))));
}

export function hmacHeader(value: { username: string; mac: string }): string {
  return `algorithm=MD5, username="${value.username.replace(/["\\]/g, "")}", mac=${value.mac}`;
}

export interface HmacHeader {
  algorithm: string;
  username: string;
  mac: string;
}

/**
 * Parse `algorithm=MD5, username="name", mac=xxx` (order free, values quoted or not, algorithm
 * defaulting to MD5 as DM Security allows). Undefined unless username and mac are present and the
 * algorithm is MD5: there is no other algorithm to verify with.
 */
export function parseHmacHeader(value: string | undefined): HmacHeader | undefined {
  if (value === undefined || value.length > 1024) return undefined;
  const fields = new Map<string, string>();
  const re = /\s*([A-Za-z-]+)\s*=\s*("([^"]*)"|[^,\s]*)\s*(?:,|$)/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < value.length && (m = re.exec(value)) !== null) {
    fields.set(m[1]!.toLowerCase(), m[3] ?? m[2]!);
    if (m[0] === "") break;
  }
  const algorithm = fields.get("algorithm") ?? "MD5";
  const username = fields.get("username");
  const mac = fields.get("mac");
  if (algorithm.toUpperCase() !== "MD5" || !username || !mac) return undefined;
  return { algorithm: "MD5", username, mac };
}

/** Compare two strings in time independent of their content and of whether their lengths differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  // Fixed-length digests of both sides: timingSafeEqual needs equal lengths, and comparing the
  // digests leaks nothing about the originals.
  const ha = createHash("sha256").update(a, "utf8").digest();
  const hb = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

export function verifyMd5Credential(data: string, username: string, password: string, nonce: Nonce): boolean {
  return constantTimeEqual(data.trim(), md5Credential(username, password, nonce));
}

export function verifyHmac(
  header: HmacHeader,
  expected: { username: string; password: string; nonce: Nonce; body: Uint8Array },
): boolean {
  const mac = hmacMac(expected.username, expected.password, expected.nonce, expected.body);
  return constantTimeEqual(header.mac, mac) && constantTimeEqual(header.username, expected.username);
}

/** A fresh server nonce: 16 random bytes, base64 as Chal/Meta/NextNonce carries it. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}
