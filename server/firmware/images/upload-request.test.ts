import { describe, expect, it } from "vitest";
import { overrideSettings } from "../../env";
import { bodyLimitFor, IMAGE_UPLOAD_PATH } from "../../web/body-limit";
import { declaredLength, isSameOrigin, readMetaHeader, readSignatureHeader } from "./upload-request";

describe("the upload request's headers", () => {
  it("accepts the console's own origin only", () => {
    overrideSettings({ LOG_LEVEL: "silent" });
    const h = (o: Record<string, string>) => new Headers(o);
    expect(isSameOrigin(h({ host: "acs.example:3000", origin: "https://acs.example:3000" }))).toBe(true);
    expect(isSameOrigin(h({ host: "acs.example:3000", origin: "https://evil.invalid" }))).toBe(false);
    expect(isSameOrigin(h({ host: "acs.example:3000", origin: "null" }))).toBe(false);
    expect(isSameOrigin(h({ host: "acs.example:3000" }))).toBe(false);
    expect(isSameOrigin(h({ host: "acs.example:3000", "sec-fetch-site": "same-origin" }))).toBe(true);
  });

  it("reads base64url JSON metadata and a base64 signature, refuses anything else", () => {
    const meta = { fileName: "é.bin", version: "1" };
    const headers = new Headers({ "x-image-meta": Buffer.from(JSON.stringify(meta)).toString("base64url") });
    expect(readMetaHeader(headers)).toEqual(meta);
    expect(() => readMetaHeader(new Headers())).toThrow(/Missing/);
    expect(() => readMetaHeader(new Headers({ "x-image-meta": "{}" }))).toThrow(/base64url/);
    expect(() => readMetaHeader(new Headers({ "x-image-meta": "bm90IGpzb24" }))).toThrow(/JSON/);
    expect(readSignatureHeader(new Headers())).toBeNull();
    expect(readSignatureHeader(new Headers({ "x-image-signature": " QUJD " }))).toBe("QUJD");
    expect(() => readSignatureHeader(new Headers({ "x-image-signature": "a b<" }))).toThrow(/base64/);
    expect(declaredLength(new Headers({ "content-length": "12" }))).toBe(12);
    expect(declaredLength(new Headers({ "content-length": "-1" }))).toBeUndefined();
  });

  it("lets the upload path through the web body cap up to FIRMWARE_MAX_BYTES, nothing else", () => {
    overrideSettings({ LOG_LEVEL: "silent", FIRMWARE_MAX_BYTES: "5000000" });
    expect(bodyLimitFor(IMAGE_UPLOAD_PATH, 1024, 2048)).toBe(5_000_000);
    expect(bodyLimitFor(`${IMAGE_UPLOAD_PATH}?x=1`, 1024, 2048)).toBe(5_000_000);
    expect(bodyLimitFor(`${IMAGE_UPLOAD_PATH}/1`, 1024, 2048)).toBe(1024);
    expect(bodyLimitFor("/api/firmware/feed", 1024, 2048)).toBe(1024);
  });
});
