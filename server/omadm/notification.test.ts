// Package 0. The expected bytes were computed independently with Python (hashlib/base64):
//   hdr = ((11<<6)|(1<<4)|(1<<3)).to_bytes(2,"big") + b"\0\0\0" + (0x1234).to_bytes(2,"big") + bytes([7]) + b"vantage"
//   trig = hdr + b"\x01\x02"
//   dig = md5(b64(md5(b"vantage:srvsecret")) + b":abc:" + b64(md5(trig)))   -> (dig + trig).hex() below
import { describe, expect, it } from "vitest";
import {
  buildPackage0,
  parsePackage0,
  sessionIdMatches,
  verifyPackage0,
  type BuildPackage0Input,
} from "./notification";

const EXPECTED = "82f38367e52b29044d3265023b7b2ed202d800000012340776616e746167650102";
const input = {
  serverId: "vantage",
  password: "srvsecret",
  nonce: "abc",
  sessionId: 0x1234,
  uiMode: "background" as const,
  initiator: "server" as const,
  body: Uint8Array.from([1, 2]),
};

describe("package 0", () => {
  it("builds the byte layout and digest of the spec", () => {
    expect(Buffer.from(buildPackage0(input)).toString("hex")).toBe(EXPECTED);
  });

  it("parses and verifies what it builds", () => {
    const variants: BuildPackage0Input[] = [
      input,
      {
        ...input,
        version: 12,
        uiMode: "user-interaction" as const,
        initiator: "client" as const,
        body: undefined,
      },
      { ...input, serverId: "é".repeat(127), sessionId: 0xffff, uiMode: "informative" as const },
      { ...input, uiMode: "not-specified" as const, sessionId: 0, nonce: Uint8Array.from([0, 1, 2, 255]) },
    ];
    for (const variant of variants) {
      const bytes = buildPackage0(variant);
      const verified = verifyPackage0(bytes, { password: variant.password, nonce: variant.nonce });
      expect(verified.ok && verified.value.header).toEqual({
        version: variant.version ?? 11,
        uiMode: variant.uiMode,
        initiator: variant.initiator,
        sessionId: variant.sessionId,
        serverId: variant.serverId,
      });
      expect(verified.ok && verified.value.body).toEqual(variant.body ?? new Uint8Array(0));
    }
  });

  it("refuses a wrong digest, password or nonce", () => {
    const bytes = buildPackage0(input);
    const wrongPassword = verifyPackage0(bytes, { password: "nope", nonce: "abc" });
    expect(!wrongPassword.ok && wrongPassword.error.reason).toBe("digest");
    const wrongNonce = verifyPackage0(bytes, { password: "srvsecret", nonce: "abd" });
    expect(!wrongNonce.ok && wrongNonce.error.reason).toBe("digest");
    const tampered = Uint8Array.from(bytes);
    tampered[tampered.length - 1] = 0xff - 2; // the body (last byte 2) is covered by the digest too
    const result = verifyPackage0(tampered, { password: "srvsecret", nonce: "abc" });
    expect(!result.ok && result.error.reason).toBe("digest");
    expect(parsePackage0(tampered).ok).toBe(true);
  });

  it("gives an error for every truncation and for malformed headers", () => {
    const bytes = buildPackage0({ ...input, body: undefined });
    for (let n = 0; n < bytes.length; n++) {
      const result = parsePackage0(bytes.subarray(0, n));
      expect(!result.ok && result.error.reason).toBe("truncated");
    }
    const emptyId = Uint8Array.from(bytes.subarray(0, 24));
    emptyId[23] = 0;
    expect(!parsePackage0(emptyId).ok).toBe(true);
    expect(parsePackage0(new Uint8Array(100_000)).ok).toBe(false);
  });

  it("refuses out-of-range input at build time", () => {
    expect(() => buildPackage0({ ...input, sessionId: 0x10000 })).toThrow(RangeError);
    expect(() => buildPackage0({ ...input, serverId: "" })).toThrow(RangeError);
    expect(() => buildPackage0({ ...input, serverId: "x".repeat(256) })).toThrow(RangeError);
    expect(() => buildPackage0({ ...input, version: 1024 })).toThrow(RangeError);
  });

  it("matches the package 1 SessionID to the notification's session id", () => {
    expect(sessionIdMatches("1234", 0x1234)).toBe(true);
    expect(sessionIdMatches("ab", 0xab)).toBe(true);
    expect(sessionIdMatches("AB", 0xab)).toBe(true);
    expect(sessionIdMatches("3412", 0x1234)).toBe(true); // libdmclient's byte-swapped reading
    expect(sessionIdMatches("1235", 0x1234)).toBe(false);
    expect(sessionIdMatches("12345", 0x1234)).toBe(false);
    expect(sessionIdMatches("x", 0x1234)).toBe(false);
  });
});
