import { describe, expect, it } from "vitest";
import {
  checkNonce,
  digestAuthorization,
  ha1,
  makeNonce,
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
});
