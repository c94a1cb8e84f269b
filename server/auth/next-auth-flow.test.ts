// next-auth's own request handling (its pages-style API handler and getServerSession), with our options:
// CSRF, the credentials sign-in, the session endpoint and sign-out, cookies carried between calls like a
// browser. Two browsers of one operator: signing out in one ends the other's session at its next request.
import NextAuth, { getServerSession } from "next-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import { addressThrottle } from "./login";
import { authOptions } from "./options";
import { hashPassword } from "./password";
import { operatorForSession } from "./session-version";

const PASSWORD = "browser-pass-12";
const options = { ...authOptions, secret: "next-auth-flow-test-secret" };
let store: Store;

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
  addressThrottle.clear();
  const passwordHash = await hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 });
  await db().operator.create({ data: { username: "carol", role: "helpdesk", passwordHash } });
});

afterAll(async () => {
  await store.close();
});

/** The parts of a Next.js API response next-auth's pages-style handler uses; keeps what it sends. */
class FakeResponse {
  statusCode = 200;
  readonly headers = new Map<string, string | string[]>();
  body: unknown;
  status(code: number) {
    this.statusCode = code;
    return this;
  }
  getHeader(name: string) {
    return this.headers.get(name.toLowerCase());
  }
  setHeader(name: string, value: string | string[]) {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }
  send(body: unknown) {
    this.body = body;
  }
  json(body: unknown) {
    this.body = body;
  }
  end() {}
}

/** One browser: a cookie jar, and next-auth's handler as the /api/auth route runs it. */
class Browser {
  private readonly jar = new Map<string, string>();

  private request(method: string, query: object, body?: Record<string, string>) {
    return { method, query, body: body ?? {}, cookies: Object.fromEntries(this.jar), headers: {} };
  }

  private keep(res: FakeResponse): void {
    const header = res.getHeader("Set-Cookie") ?? [];
    for (const line of Array.isArray(header) ? header : [header]) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const at = pair.indexOf("=");
      const name = pair.slice(0, at);
      const value = decodeURIComponent(pair.slice(at + 1));
      const expires = attributes.find((a) => a.toLowerCase().startsWith("expires="))?.slice(8);
      const gone =
        attributes.includes("Max-Age=0") || (expires !== undefined && new Date(expires) <= new Date());
      if (gone || value === "") this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  private async call(action: string, providerId?: string, body?: Record<string, string>) {
    const res = new FakeResponse();
    const nextauth = providerId ? [action, providerId] : [action];
    await (NextAuth as (...args: unknown[]) => Promise<unknown>)(
      this.request(body ? "POST" : "GET", { nextauth }, body ? { ...body, json: "true" } : undefined),
      res,
      options,
    );
    this.keep(res);
    return res;
  }

  async csrf(): Promise<string> {
    const { body } = await this.call("csrf");
    const token = (body as { csrfToken?: string } | undefined)?.csrfToken;
    if (!token) throw new Error("no CSRF token");
    return token;
  }

  async signIn(username: string, password: string): Promise<void> {
    const res = await this.call("callback", "credentials", {
      csrfToken: await this.csrf(),
      username,
      password,
    });
    const url = (res.body as { url?: string } | undefined)?.url ?? "";
    if (url.includes("error")) throw new Error(`sign-in failed: ${url}`);
  }

  async signOut(): Promise<void> {
    await this.call("signout", undefined, { csrfToken: await this.csrf() });
  }

  /** What getCurrentOperator sees on this browser's next request (getServerSession, then the row). */
  async operator() {
    const session = await getServerSession(
      this.request("GET", {}) as never,
      new FakeResponse() as never,
      options,
    );
    return operatorForSession(session);
  }

  hasSessionCookie(): boolean {
    return [...this.jar.keys()].some((name) => name.endsWith("next-auth.session-token"));
  }
}

describe("next-auth with session versions", () => {
  it("signs in, and sign-out in one browser ends the session in the other", async () => {
    const office = new Browser();
    const home = new Browser();
    await office.signIn("carol", PASSWORD);
    await home.signIn("carol", PASSWORD);
    expect(office.hasSessionCookie()).toBe(true);
    expect(await office.operator()).toMatchObject({ username: "carol", role: "helpdesk" });
    expect(await home.operator()).toMatchObject({ username: "carol" });

    await office.signOut();
    expect(office.hasSessionCookie()).toBe(false);
    expect(await office.operator()).toBeNull();
    // The home browser still holds a well-signed, unexpired token: the version refuses it.
    expect(home.hasSessionCookie()).toBe(true);
    expect(await home.operator()).toBeNull();
    expect(await db().auditLog.count({ where: { action: "auth.logout" } })).toBe(1);

    await home.signIn("carol", PASSWORD);
    expect(await home.operator()).toMatchObject({ username: "carol" });
  });

  it("refuses a wrong password without a session", async () => {
    const browser = new Browser();
    await expect(browser.signIn("carol", "wrong-password-1")).rejects.toThrow(/sign-in failed/);
    expect(browser.hasSessionCookie()).toBe(false);
  });
});
