// The CWMP session cookie: set on every answer of an open session, found again however a CPE echoes it.

export const SESSION_COOKIE = "vantage-session";

/** Finds our cookie even when a CPE echoes the whole Set-Cookie value, attributes and all. */
export function sessionIdFromCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const at = header.indexOf(`${SESSION_COOKIE}=`);
  if (at < 0) return undefined;
  const value = header.slice(at + SESSION_COOKIE.length + 1).match(/^"?([0-9a-f]{32})/);
  return value?.[1];
}
