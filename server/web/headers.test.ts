import { afterEach, describe, expect, it } from "vitest";
import { authOptions } from "../auth/options";
import { overrideSettings } from "../env";
import { contentSecurityPolicy, securityHeaders } from "./headers";

describe("console security headers", () => {
  it("forbids framing and foreign origins, and allows eval only in development", () => {
    const csp = contentSecurityPolicy(false);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy(true)).toContain("'unsafe-eval'");
    expect(securityHeaders(false)).toMatchObject({
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "same-origin",
    });
  });
});

describe("session cookies", () => {
  afterEach(() => overrideSettings({ PUBLIC_URL: "" }));

  it("are Secure when PUBLIC_URL is https", () => {
    overrideSettings({ PUBLIC_URL: "https://127.0.0.1:8443" });
    expect(authOptions.useSecureCookies).toBe(true);
  });

  it("follow next-auth's default otherwise", () => {
    overrideSettings({ PUBLIC_URL: "http://127.0.0.1:3000" });
    expect(authOptions.useSecureCookies).toBeUndefined();
  });
});
