import { describe, expect, it } from "vitest";
import {
  checkNonce,
  digestAuthorization,
  digestUriMatches,
  ha1,
  makeNonce,
  nonceCount,
  nonceIssuedAt,
  parseAuthorization,
  verifyDigest,
  basicAuthorization,
} from "./digest";

describe("digest", () => {
  it("verifies what the client side computes, and rejects a wrong password", () => {
    const nonce = makeNonce("k");
    const challenge = { realm: "R", nonce, qop: "auth" };
    const header = digestAuthorization({ method: "POST", uri: "/", username: "u", password: "p", challenge });
    const parsed = parseAuthorization(header);
    expect(parsed?.scheme).toBe("Digest");
    if (parsed?.scheme !== "Digest") throw new Error("unreachable");
    expect(verifyDigest(parsed.params, "POST", ha1("u", "R", "p"))).toBe(true);
    expect(verifyDigest(parsed.params, "POST", ha1("u", "R", "wrong"))).toBe(false);
    expect(verifyDigest(parsed.params, "GET", ha1("u", "R", "p"))).toBe(false);
  });

  it("matches the RFC 2617 worked example", () => {
    const params = {
      username: "Mufasa",
      realm: "testrealm@host.com",
      nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
      uri: "/dir/index.html",
      qop: "auth",
      nc: "00000001",
      cnonce: "0a4f113b",
      response: "6629fae49393a05397450978507c4ef1",
    };
    expect(verifyDigest(params, "GET", ha1("Mufasa", "testrealm@host.com", "Circle Of Life"))).toBe(true);
  });

  it("issues stateless nonces that go stale and cannot be forged", () => {
    const n = makeNonce("key", 1_000_000);
    expect(checkNonce("key", n, 60_000, 1_000_500)).toBe("ok");
    expect(checkNonce("key", n, 60_000, 2_000_000)).toBe("stale");
    expect(checkNonce("other", n, 60_000, 1_000_500)).toBe("invalid");
    expect(checkNonce("key", "garbage", 60_000)).toBe("invalid");
    // Another salt with the same time and MAC is a forgery.
    const [ts, , mac] = n.split(".");
    expect(checkNonce("key", `${ts}.AAAAAAAA.${mac}`, 60_000, 1_000_500)).toBe("invalid");
  });

  it("gives two clients challenged in the same millisecond different nonces", () => {
    expect(makeNonce("key", 1_000_000)).not.toBe(makeNonce("key", 1_000_000));
  });

  it("parses Basic credentials", () => {
    expect(parseAuthorization(basicAuthorization("a", "b:c"))).toEqual({
      scheme: "Basic",
      username: "a",
      password: "b:c",
    });
    expect(parseAuthorization(undefined)).toBeNull();
    expect(parseAuthorization("Bearer x")).toBeNull();
  });

  it("reads the nonce-count: 8 hex digits above 0 with qop, none (0) without", () => {
    expect(nonceCount({ qop: "auth", nc: "00000001" })).toBe(1);
    expect(nonceCount({ qop: "auth", nc: "0000001f" })).toBe(31);
    expect(nonceCount({ qop: "auth", nc: "FFFFFFFF" })).toBe(0xffffffff);
    expect(nonceCount({})).toBe(0);
    for (const nc of ["00000000", "1", "000000001", "-0000001", "0000000g", " 0000001", ""]) {
      expect(nonceCount({ qop: "auth", nc })).toBeNull();
    }
    expect(nonceCount({ qop: "auth" })).toBeNull();
    // A count without qop is not how any client speaks: refused rather than ignored.
    expect(nonceCount({ nc: "00000001" })).toBeNull();
  });

  it("matches the digest uri to the request target, also in absolute form", () => {
    expect(digestUriMatches("/", "/")).toBe(true);
    expect(digestUriMatches("/acs?x=1", "/acs?x=1")).toBe(true);
    expect(digestUriMatches("http://127.0.0.1:7547/acs?x=1", "/acs?x=1")).toBe(true);
    expect(digestUriMatches("HTTPS://127.0.0.1/", "/")).toBe(true);
    expect(digestUriMatches("/other", "/")).toBe(false);
    expect(digestUriMatches("/acs", "/acs?x=1")).toBe(false);
    expect(digestUriMatches("http://127.0.0.1/other", "/")).toBe(false);
    expect(digestUriMatches("ftp://127.0.0.1/", "/")).toBe(false);
    expect(digestUriMatches("http://[bad", "/")).toBe(false);
  });

  it("reads a nonce's issue time", () => {
    expect(nonceIssuedAt(makeNonce("k", 1_764_000_000_123))).toBe(1_764_000_000_123);
    expect(nonceIssuedAt("garbage")).toBeNull();
    expect(nonceIssuedAt(".abc")).toBeNull();
    expect(nonceIssuedAt("A!.abc")).toBeNull();
  });
});
