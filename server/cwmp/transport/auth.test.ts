import type http from "node:http";
import { describe, expect, it } from "vitest";
import { MemoryBackend } from "../session/memory-backend";
import { authenticate, type AuthConfig } from "./auth";
import { basicAuthorization, digestAuthorization, makeNonce } from "./digest";

const REALM = "Vantage ACS";
const config: AuthConfig = {
  mode: "digest",
  realm: REALM,
  shared: { username: "fleet", password: "fleet-secret" },
  nonceKey: "nonce-key",
  nonceMaxAgeMs: 60_000,
};
const device = { manufacturer: "Acme", oui: "00D09E", productClass: "STB", serialNumber: "A-1" };

const request = (authorization: string | undefined, url = "/"): http.IncomingMessage =>
  ({ method: "POST", url, headers: authorization ? { authorization } : {} }) as http.IncomingMessage;

/** The memory backend, recording what the transport asked it to remember. */
function backend() {
  const memory = new MemoryBackend();
  const uses: { nonce: string; nc: number; expiresAt: Date }[] = [];
  return {
    uses,
    credentialsFor: () => memory.credentialsFor(),
    recordNonceUse: (nonce: string, nc: number, expiresAt: Date) => {
      uses.push({ nonce, nc, expiresAt });
      return memory.recordNonceUse(nonce, nc);
    },
  };
}

const answer = (nonce: string, nc: number, opts: { uri?: string; password?: string; qop?: string } = {}) =>
  digestAuthorization({
    method: "POST",
    uri: opts.uri ?? "/",
    username: "fleet",
    password: opts.password ?? "fleet-secret",
    challenge: { realm: REALM, nonce, ...(opts.qop === "" ? {} : { qop: "auth" }) },
    nc,
  });

describe("Digest replay protection", () => {
  it("accepts increasing nonce-counts on one nonce and refuses a replayed header", async () => {
    const b = backend();
    const nonce = makeNonce(config.nonceKey);
    const first = answer(nonce, 1);
    expect(await authenticate(request(first), device, config, b)).toMatchObject({ status: "ok" });
    const replay = await authenticate(request(first), device, config, b);
    expect(replay).toMatchObject({ status: "denied", reason: "replayed nonce-count" });
    // The answer to a replay is a fresh challenge (not stale), so a genuine client starts over.
    expect(replay.status === "denied" && replay.challenge).toMatch(/^Digest .*nonce="/);
    expect(replay.status === "denied" && replay.challenge).not.toContain("stale");
    expect(await authenticate(request(answer(nonce, 2)), device, config, b)).toMatchObject({ status: "ok" });
    // A lower count than one already used is a replay too.
    expect(await authenticate(request(answer(nonce, 1)), device, config, b)).toMatchObject({
      status: "denied",
      reason: "replayed nonce-count",
    });
  });

  it("makes a nonce without qop single-use", async () => {
    const b = backend();
    const header = answer(makeNonce(config.nonceKey), 1, { qop: "" });
    expect(header).not.toContain("nc=");
    expect(await authenticate(request(header), device, config, b)).toMatchObject({ status: "ok" });
    expect(b.uses[0]?.nc).toBe(0);
    expect(await authenticate(request(header), device, config, b)).toMatchObject({ status: "denied" });
  });

  it("records the count until the nonce's issue time plus the nonce life", async () => {
    const b = backend();
    const issued = Date.now() - 5_000;
    const nonce = makeNonce(config.nonceKey, issued);
    await authenticate(request(answer(nonce, 7)), device, config, b);
    expect(b.uses).toEqual([{ nonce, nc: 7, expiresAt: new Date(issued + 60_000) }]);
  });

  it("records nothing for a wrong password, a malformed count or a stale nonce", async () => {
    const b = backend();
    const nonce = makeNonce(config.nonceKey);
    const wrong = await authenticate(request(answer(nonce, 1, { password: "x" })), device, config, b);
    expect(wrong).toMatchObject({ status: "denied", reason: "wrong credentials" });
    const zero = answer(nonce, 1).replace("nc=00000001", "nc=00000000");
    expect(await authenticate(request(zero), device, config, b)).toMatchObject({
      status: "denied",
      reason: "malformed nonce-count",
    });
    const old = makeNonce(config.nonceKey, Date.now() - 61_000);
    const stale = await authenticate(request(answer(old, 1)), device, config, b);
    expect(stale).toMatchObject({ status: "denied", reason: "stale nonce" });
    expect(stale.status === "denied" && stale.challenge).toContain("stale=true");
    expect(b.uses).toEqual([]);
    // The genuine header still works afterwards: failed attempts burned nothing.
    expect(await authenticate(request(answer(nonce, 1)), device, config, b)).toMatchObject({ status: "ok" });
  });

  it("refuses a response computed for another URI, accepts the absolute form of this one", async () => {
    const b = backend();
    const nonce = makeNonce(config.nonceKey);
    expect(await authenticate(request(answer(nonce, 1, { uri: "/other" })), device, config, b)).toMatchObject(
      {
        status: "denied",
        reason: "digest uri does not match the request",
      },
    );
    const absolute = answer(nonce, 2, { uri: "http://127.0.0.1:7547/acs?x=1" });
    expect(await authenticate(request(absolute, "/acs?x=1"), device, config, b)).toMatchObject({
      status: "ok",
    });
    expect(
      await authenticate(request(answer(nonce, 3, { uri: "/acs" }), "/acs?x=1"), device, config, b),
    ).toMatchObject({
      status: "denied",
    });
  });
});

describe("Basic", () => {
  const basic: AuthConfig = { ...config, mode: "basic" };
  const header = basicAuthorization("fleet", "fleet-secret");

  it("is refused on the plain listener, accepted over TLS", async () => {
    expect(await authenticate(request(header), device, basic, backend())).toMatchObject({
      status: "denied",
      reason: "basic without TLS",
    });
    expect(await authenticate(request(header), device, { ...basic, tls: true }, backend())).toMatchObject({
      status: "ok",
      principal: { kind: "shared" },
    });
  });

  it("is accepted without TLS only when explicitly allowed", async () => {
    const allowed = { ...basic, allowBasicWithoutTls: true };
    expect(await authenticate(request(header), device, allowed, backend())).toMatchObject({ status: "ok" });
    const wrong = basicAuthorization("fleet", "nope");
    expect(await authenticate(request(wrong), device, allowed, backend())).toMatchObject({
      status: "denied",
      reason: "wrong credentials",
    });
  });
});
