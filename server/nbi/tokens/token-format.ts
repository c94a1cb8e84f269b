// The token's shape, in one place: `vtk_` + 32 random bytes in base64url (43 characters). Stored as the
// hex SHA-256 of the whole string; the first 8 characters after the marker are its public prefix.
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_MARKER = "vtk_";
export const PREFIX_LENGTH = 8;
/** The fixed rate-limit window. */
export const TOKEN_WINDOW_MS = 60_000;

const TOKEN = /^vtk_[A-Za-z0-9_-]{43}$/;
/** "Bearer" is case-insensitive (RFC 9110 auth-scheme); anything else around the token is refused. */
const BEARER = /^Bearer +(\S+)$/i;

export function generateToken(): { token: string; prefix: string; hash: string } {
  const token = TOKEN_MARKER + randomBytes(32).toString("base64url");
  return { token, prefix: prefixOf(token), hash: hashToken(token) };
}

export function prefixOf(token: string): string {
  return token.slice(TOKEN_MARKER.length, TOKEN_MARKER.length + PREFIX_LENGTH);
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The token from an Authorization header, or undefined when the header is missing or malformed. */
export function parseBearer(authorization: string | null): string | undefined {
  // Bounded before the regular expressions see it: a huge header costs nothing.
  if (!authorization || authorization.length > 200) return undefined;
  const token = BEARER.exec(authorization.trim())?.[1];
  return token && TOKEN.test(token) ? token : undefined;
}
