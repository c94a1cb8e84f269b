// Where sign-in returns to. The path travels in the login URL (`/login?next=/devices?q=...`), so it
// is attacker-controlled: only a path on this site is followed, never another origin.

const AFTER_SIGN_IN = "/devices";

/**
 * The path to open after signing in: `raw` when it is a local absolute path, else /devices. Refused:
 * protocol-relative (`//host`), backslashes (browsers read `/\host` as `//host`), control characters
 * and schemes, anything that is not a single string, and the login page itself (a loop).
 */
export function safeNextPath(raw: unknown): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2000) return AFTER_SIGN_IN;
  if (!raw.startsWith("/") || raw.startsWith("//")) return AFTER_SIGN_IN;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return AFTER_SIGN_IN;
  const url = new URL(raw, "http://vantage.invalid");
  if (url.origin !== "http://vantage.invalid") return AFTER_SIGN_IN;
  if (url.pathname === "/login" || url.pathname.startsWith("/login/")) return AFTER_SIGN_IN;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The login page's URL that returns to `path` after signing in. */
export function loginPathFor(path: string): string {
  return `/login?next=${encodeURIComponent(safeNextPath(path))}`;
}

/** A page's own path with its query, from the `searchParams` Next gives it, for `loginPathFor`. */
export function pathWithQuery(
  pathname: string,
  query: Record<string, string | string[] | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, v);
  }
  const search = params.toString();
  return search ? `${pathname}?${search}` : pathname;
}
