// Expected values computed independently with Python's hashlib/base64:
//   python3 -c 'import hashlib,base64;m=lambda b:hashlib.md5(b).digest();e=base64.b64encode;\
//     print(e(m(e(m(b"funambol:funambol"))+b":")))'                                  -> hCYC0/A/ecptbtSXn8MS0Q==
//   ... e(m(e(m(b"funambol:funambol"))+b":"+base64.b64decode("WDVEbGNEQThXREE9")))  -> Ad5KFmImKFhtzxzI2I4O1Q==
//   ... e(m(e(m(b"dmuser:dmpass"))+b":nonce123:"+e(m(b"<SyncML/>"))))                -> o70srFezpeXeWSmU0WObSQ==
// The basic credential is the one libdmclient sent in the captured package 1 (docs/domain.md §5.1).
import { describe, expect, it } from "vitest";
import {
  basicCredential,
  constantTimeEqual,
  hmacHeader,
  hmacMac,
  md5Credential,
  newNonce,
  parseBasicCredential,
  parseHmacHeader,
  verifyHmac,
  verifyMd5Credential,
} from "./auth";

const body = Buffer.from("<SyncML/>");

describe("syncml:auth-basic", () => {
  it("matches the captured credential and parses it back", () => {
    expect(basicCredential("funambol", "funambol")).toBe("ZnVuYW1ib2w6ZnVuYW1ib2w=");
    expect(parseBasicCredential("ZnVuYW1ib2w6ZnVuYW1ib2w=")).toEqual({
      username: "funambol",
      password: "funambol",
    });
    expect(parseBasicCredential(basicCredential("u", "p:with:colons"))).toEqual({
      username: "u",
      password: "p:with:colons",
    });
    expect(parseBasicCredential("not base64!")).toBeUndefined();
    expect(parseBasicCredential(Buffer.from("nocolon").toString("base64"))).toBeUndefined();
  });
});

describe("syncml:auth-md5", () => {
  it("computes B64(MD5(B64(MD5(user:pass)):nonce))", () => {
    expect(md5Credential("funambol", "funambol", "")).toBe("hCYC0/A/ecptbtSXn8MS0Q==");
    const nonce = Buffer.from("WDVEbGNEQThXREE9", "base64");
    expect(md5Credential("funambol", "funambol", nonce)).toBe("Ad5KFmImKFhtzxzI2I4O1Q==");
  });

  it("verifies only the right credential", () => {
    expect(verifyMd5Credential("hCYC0/A/ecptbtSXn8MS0Q==", "funambol", "funambol", "")).toBe(true);
    expect(verifyMd5Credential("hCYC0/A/ecptbtSXn8MS0Q==", "funambol", "wrong", "")).toBe(false);
    expect(verifyMd5Credential("hCYC0/A/ecptbtSXn8MS0Q==", "funambol", "funambol", "other")).toBe(false);
  });
});

describe("syncml:auth-MAC", () => {
  it("computes the HMAC and round trips the header", () => {
    const mac = hmacMac("dmuser", "dmpass", "nonce123", body);
    expect(mac).toBe("o70srFezpeXeWSmU0WObSQ==");
    const header = hmacHeader({ username: "dmuser", mac });
    expect(header).toBe('algorithm=MD5, username="dmuser", mac=o70srFezpeXeWSmU0WObSQ==');
    expect(parseHmacHeader(header)).toEqual({ algorithm: "MD5", username: "dmuser", mac });
  });

  it("parses order-free and unquoted headers, refuses other algorithms and missing fields", () => {
    expect(parseHmacHeader("mac=abc==,username=dev1")).toEqual({
      algorithm: "MD5",
      username: "dev1",
      mac: "abc==",
    });
    expect(parseHmacHeader('algorithm=SHA1, username="a", mac=b')).toBeUndefined();
    expect(parseHmacHeader('algorithm=MD5, username="a"')).toBeUndefined();
    expect(parseHmacHeader(undefined)).toBeUndefined();
    expect(parseHmacHeader("x".repeat(5000))).toBeUndefined();
  });

  it("verifies body, nonce and username", () => {
    const header = { algorithm: "MD5", username: "dmuser", mac: "o70srFezpeXeWSmU0WObSQ==" };
    const expected = { username: "dmuser", password: "dmpass", nonce: "nonce123", body };
    expect(verifyHmac(header, expected)).toBe(true);
    expect(verifyHmac(header, { ...expected, body: Buffer.from("<SyncML />") })).toBe(false);
    expect(verifyHmac(header, { ...expected, nonce: "nonce124" })).toBe(false);
    expect(verifyHmac({ ...header, username: "other" }, expected)).toBe(false);
  });
});

describe("nonces and comparison", () => {
  it("issues distinct 16-byte base64 nonces", () => {
    const a = newNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });

  it("compares in constant time, lengths included", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
  });
});
