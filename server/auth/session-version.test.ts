// Sessions end at once: a token issued before sign-out, a password reset, a role change or disabling is
// refused on the next request (the tRPC context it builds is signed out), while a token issued after
// still works. Tokens go through next-auth's own encode/decode and our jwt/session callbacks, as on
// every request.
import type { Session } from "next-auth";
import { decode, encode, type JWT } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCaller } from "../api/root";
import { callerAs, errorCodeOf } from "../api/test-callers";
import { openStore, type Store } from "../database/connect";
import { db } from "../db";
import { overrideSettings } from "../env";
import { addressThrottle, login } from "./login";
import { authOptions } from "./options";
import { hashPassword } from "./password";
import { endSessionsOnSignOut, operatorForSession } from "./session-version";

const SECRET = "session-version-test-secret";
const PASSWORD = "alice-password-1";
let store: Store;
let adminId = 0;
let aliceId = 0;

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent" });
  store = await openStore({ dataDir: "memory:" });
});

afterAll(async () => {
  await store.close();
});

beforeEach(async () => {
  addressThrottle.clear();
  await db().auditLog.deleteMany();
  await db().operator.deleteMany();
  const passwordHash = await hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 });
  adminId = (await db().operator.create({ data: { username: "root", role: "admin", passwordHash } })).id;
  aliceId = (await db().operator.create({ data: { username: "alice", role: "noc", passwordHash } })).id;
});

/** Sign in as next-auth does: login() (authorize), the jwt callback, then the cookie's encrypted JWT. */
async function signIn(username: string, password = PASSWORD): Promise<string> {
  const result = await login(username, password);
  if (!result.ok) throw new Error(`login failed: ${result.reason}`);
  const { id, ...rest } = result.operator;
  const jwt = authOptions.callbacks?.jwt;
  if (!jwt) throw new Error("no jwt callback");
  const token = await jwt({
    token: { name: rest.name },
    user: { id: String(id), ...rest },
    account: null,
    trigger: "signIn",
  });
  return encode({ token, secret: SECRET });
}

async function tokenOf(cookie: string): Promise<JWT> {
  const token = await decode({ token: cookie, secret: SECRET });
  if (!token) throw new Error("undecodable token");
  return token;
}

/** A later request: decode the cookie, run the callbacks, build the tRPC context and a caller. */
async function requestWith(cookie: string) {
  const jwt = authOptions.callbacks?.jwt;
  const sessionCallback = authOptions.callbacks?.session;
  if (!jwt || !sessionCallback) throw new Error("no callbacks");
  const token = await jwt({ token: await tokenOf(cookie), account: null, user: undefined as never });
  const base = { expires: new Date(Date.now() + 60_000).toISOString() } as Session;
  const session = (await sessionCallback({
    session: base,
    token,
    user: undefined as never,
    newSession: undefined,
    trigger: "update",
  })) as Session;
  const operator = await operatorForSession(session);
  return { operator, api: createCaller({ session, operator, headers: new Headers() }) };
}

const admin = () => callerAs({ id: adminId, username: "root", role: "admin" });

async function expectSignedOut(cookie: string): Promise<void> {
  const { operator, api } = await requestWith(cookie);
  expect(operator).toBeNull();
  expect(await errorCodeOf(api.session.me())).toBe("UNAUTHORIZED");
}

async function expectSignedIn(cookie: string, role: string): Promise<void> {
  const { api } = await requestWith(cookie);
  expect(await api.session.me()).toMatchObject({ id: aliceId, username: "alice", role });
}

describe("session version", () => {
  it("a current token works on every request", async () => {
    const cookie = await signIn("alice");
    expect((await tokenOf(cookie)).sessionVersion).toBe(0);
    await expectSignedIn(cookie, "noc");
    await expectSignedIn(cookie, "noc");
  });

  it("sign-out ends this and every other session of the operator, and is audited", async () => {
    const here = await signIn("alice");
    const elsewhere = await signIn("alice");
    const events = authOptions.events;
    if (!events?.signOut) throw new Error("no signOut event");
    await events.signOut({ token: await tokenOf(here), session: {} as Session });
    await expectSignedOut(here);
    await expectSignedOut(elsewhere);
    expect(await db().auditLog.count({ where: { action: "auth.logout", operatorId: aliceId } })).toBe(1);
    const again = await signIn("alice");
    await expectSignedIn(again, "noc");
    // Signing out with the stale cookie again changes nothing: the new session lives on.
    expect(await endSessionsOnSignOut(await tokenOf(here))).toBe(false);
    await expectSignedIn(again, "noc");
  });

  it("a password reset ends the operator's sessions", async () => {
    const cookie = await signIn("alice");
    const { password } = await admin().operators.resetPassword({ id: aliceId });
    await expectSignedOut(cookie);
    await expectSignedIn(await signIn("alice", password), "noc");
  });

  it("a role change ends the operator's sessions; the new session has the new role", async () => {
    const cookie = await signIn("alice");
    const untouched = await signIn("root");
    await admin().operators.changeRole({ id: aliceId, role: "viewer" });
    await expectSignedOut(cookie);
    await expectSignedIn(await signIn("alice"), "viewer");
    // Another operator's session is not affected.
    expect(await (await requestWith(untouched)).api.session.me()).toMatchObject({ username: "root" });
  });

  it("disabling ends the operator's sessions, and enabling again does not revive them", async () => {
    const cookie = await signIn("alice");
    await admin().operators.setDisabled({ id: aliceId, disabled: true });
    await expectSignedOut(cookie);
    await admin().operators.setDisabled({ id: aliceId, disabled: false });
    await expectSignedOut(cookie);
    await expectSignedIn(await signIn("alice"), "noc");
  });

  it("a token without a version (issued before versions existed) is signed out", async () => {
    const token = await tokenOf(await signIn("alice"));
    delete token.sessionVersion;
    await expectSignedOut(await encode({ token, secret: SECRET }));
  });
});
