// Security headers on every console response, set by the custom server before Next sees the request
// (so /api/health, refusals and every Next page or route get them alike).

/**
 * Next's app router hydrates with inline <script> tags (self.__next_f.push(...)) and React renders
 * inline style attributes, so script-src and style-src need 'unsafe-inline': per-request nonces would
 * force every page to render dynamically through a proxy. What the policy does stop: framing, foreign
 * script/style/connect origins, plugins, <base> rewrites and form posts to other origins.
 */
export function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    // The dev server's hot reloading evaluates code; production never does.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(dev: boolean): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(dev),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
  };
}
