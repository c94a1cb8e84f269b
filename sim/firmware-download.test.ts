import { createHash, generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signImage } from "../server/firmware/signature";
import type { SimDevice } from "./device";
import { assignFirmwareFaults, firmwareTrust, parseFaultRates, type FirmwareFault } from "./firmware-faults";
import { makeSimImage } from "./firmware-image";
import { handleAcsRequest } from "./rpc";
import { makeDevice } from "./test-helpers";
import { DEMO_PRIVATE_KEY, startTestFileServer, type TestFileServer } from "./test-file-server";

const OTHER_KEY = generateKeyPairSync("ed25519")
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();

let files: TestFileServer;
beforeAll(async () => {
  files = await startTestFileServer();
});
afterAll(() => files.close());

function serve(name: string, f: { body: Buffer; signature?: Buffer | "none"; digest?: string }): string {
  return files.serve(name, f.body, { signature: f.signature, digest: f.digest });
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends a Download, ends the session, and waits (bounded) for the TransferComplete. */
async function download(d: SimDevice, url: string, fileSize: number) {
  const answer = handleAcsRequest(d, {
    name: "Download",
    commandKey: "ck",
    fileType: "1 Firmware Upgrade Image",
    url,
    username: "u1",
    password: "p1",
    fileSize,
    targetFileName: "",
    delaySeconds: 0,
    successUrl: "",
    failureUrl: "",
  });
  expect(answer).toMatchObject({ name: "DownloadResponse", status: 1 });
  for (const a of d.afterSession.splice(0)) a();
  for (let i = 0; i < 200; i++) {
    const tc = d.pendingRequests.find((r) => r.name === "TransferComplete");
    // a successful firmware download completes once the device has booted (1 BOOT pending)
    if (tc && (tc.faultStruct.faultCode !== 0 || d.pendingEvents.some((e) => e.eventCode === "1 BOOT")))
      return tc;
    await wait(10);
  }
  return undefined;
}

function stbWith(fault?: FirmwareFault): SimDevice {
  const d = makeDevice("stb");
  d.firmwareFault = fault;
  return d;
}

const version = (d: SimDevice) => d.get("Device.DeviceInfo.SoftwareVersion");

describe("simulated CPE firmware download", () => {
  it("verifies size, digest and signature, then boots into the image's version", async () => {
    const d = stbWith();
    const before = version(d);
    const img = makeSimImage({ version: "9.1.0", productClasses: [d.identity.vendor.productClass] }, 70_000);
    const tc = await download(d, serve("good.bin", { body: img }), img.length);
    expect(tc?.faultStruct).toEqual({ faultCode: 0, faultString: "" });
    expect(tc?.commandKey).toBe("ck");
    expect(version(d)).toBe("9.1.0");
    expect(d.previousVersion).toBe(before);
    expect(d.pendingEvents.map((e) => e.eventCode)).toEqual(
      expect.arrayContaining(["1 BOOT", "7 TRANSFER COMPLETE", "M Download"]),
    );
    // an older image (rollback) is accepted too
    const old = makeSimImage({ version: before!, productClasses: [] }, 5000);
    d.pendingRequests = [];
    d.pendingEvents = [];
    const back = await download(d, serve("old.bin", { body: old }), old.length);
    expect(back?.faultStruct.faultCode).toBe(0);
    expect(version(d)).toBe(before);
  });

  it("refuses an image for other product classes, a wrong FileSize or digest (9018)", async () => {
    const other = makeSimImage({ version: "9.2.0", productClasses: ["SomethingElse"] });
    let d = stbWith();
    let tc = await download(d, serve("other.bin", { body: other }), other.length);
    expect(tc?.faultStruct.faultCode).toBe(9018);
    expect(tc?.faultStruct.faultString).toContain("not for");
    const img = makeSimImage({ version: "9.2.1", productClasses: [] });
    d = stbWith();
    tc = await download(d, serve("size.bin", { body: img }), img.length + 1);
    expect(tc?.faultStruct.faultCode).toBe(9018);
    d = stbWith();
    const digest = createHash("sha256").update("x").digest("base64");
    tc = await download(d, serve("digest.bin", { body: img, digest }), img.length);
    expect(tc?.faultStruct).toMatchObject({ faultCode: 9018, faultString: "SHA-256 mismatch" });
    expect(version(d)).not.toBe("9.2.1");
  });

  it("refuses unsigned and badly signed images (9019) unless signatures are not required", async () => {
    const img = makeSimImage({ version: "9.3.0", productClasses: [] });
    let d = stbWith();
    let tc = await download(d, serve("unsigned.bin", { body: img, signature: "none" }), img.length);
    expect(tc?.faultStruct).toMatchObject({ faultCode: 9019 });
    d = stbWith();
    tc = await download(
      d,
      serve("foreign.bin", { body: img, signature: signImage(OTHER_KEY, img) }),
      img.length,
    );
    expect(tc?.faultStruct).toMatchObject({ faultCode: 9019 });
    d = stbWith();
    const tampered = Buffer.from(img);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 1) ^ 1, tampered.length - 1);
    tc = await download(
      d,
      serve("tampered.bin", { body: tampered, signature: signImage(DEMO_PRIVATE_KEY, img) }),
      img.length,
    );
    expect(tc?.faultStruct).toMatchObject({ faultCode: 9019 });
    d = stbWith();
    (d.settings as { firmware?: unknown }).firmware = firmwareTrust({ requireSignature: false });
    tc = await download(d, serve("unsigned2.bin", { body: img, signature: "none" }), img.length);
    expect(tc?.faultStruct.faultCode).toBe(0);
    expect(version(d)).toBe("9.3.0");
  });

  const cases: [FirmwareFault, number][] = [
    ["http_error", 9010],
    ["timeout", 9020],
    ["slow_link", 0],
    ["size_mismatch", 9018],
    ["hash_mismatch", 9018],
    ["signature_mismatch", 9019],
    ["boots_old_version", 0],
  ];
  it.each(cases)("fault %s ends with TransferComplete %i", async (fault, code) => {
    const d = stbWith(fault);
    const before = version(d);
    const img = makeSimImage({ version: `9.4.0-${fault}`, productClasses: [] }, 20_000);
    const fetched = files.fetches();
    const tc = await download(d, serve(`${fault}.bin`, { body: img }), img.length);
    expect(tc?.faultStruct.faultCode).toBe(code);
    if (fault === "http_error" || fault === "timeout") expect(files.fetches()).toBe(fetched);
    if (fault === "http_error") expect(tc?.faultStruct.faultString).toBe("HTTP 503");
    expect(version(d)).toBe(fault === "slow_link" ? `9.4.0-${fault}` : before);
  });

  it("never_returns: accepts the Download, then never asks for a session again", async () => {
    const d = stbWith("never_returns");
    const img = makeSimImage({ version: "9.5.0", productClasses: [] });
    const tc = await download(d, serve("gone.bin", { body: img }), img.length);
    expect(tc).toBeUndefined();
    expect(d.silent).toBe(true);
  });
});

describe("fault assignment", () => {
  it("gives round(rate × N) devices each fault, one at most, the same for the same seed", () => {
    const mk = (): { firmwareFault?: FirmwareFault }[] => Array.from({ length: 200 }, () => ({}));
    const a = mk();
    const b = mk();
    const rates = { http_error: 0.05, boots_old_version: 0.1, never_returns: 0.015 };
    assignFirmwareFaults(a, 7, rates);
    assignFirmwareFaults(b, 7, rates);
    const count = (f: FirmwareFault) => a.filter((x) => x.firmwareFault === f).length;
    expect([count("http_error"), count("boots_old_version"), count("never_returns")]).toEqual([10, 20, 3]);
    expect(a.map((x) => x.firmwareFault)).toEqual(b.map((x) => x.firmwareFault));
    const c = mk();
    assignFirmwareFaults(c, 8, rates);
    expect(c.map((x) => x.firmwareFault)).not.toEqual(a.map((x) => x.firmwareFault));
  });

  it("parses --fw-fail and refuses unknown faults or rates out of range", () => {
    expect(parseFaultRates("http_error=0.02, boots_old_version=0.01")).toEqual({
      http_error: 0.02,
      boots_old_version: 0.01,
    });
    expect(parseFaultRates("")).toEqual({});
    expect(() => parseFaultRates("melts=0.1")).toThrow(/melts/);
    expect(() => parseFaultRates("timeout=2")).toThrow();
  });
});
