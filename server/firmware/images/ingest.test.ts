import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { createHash, generateKeyPairSync } from "node:crypto";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_PRIVATE_KEY, trustDemoKey } from "../../../tests/support/firmware";
import { makeSimImage } from "../../../sim/firmware-image";
import { AppError } from "../../core/app-error";
import { openStore, type Store } from "../../database/connect";
import { db } from "../../db";
import { overrideSettings } from "../../env";
import { storeDir } from "../paths";
import { signImage } from "../signature";
import { ImageRefusedError, ImageTooLargeError } from "./errors";
import { ingestImage, sweepStaleUploads } from "./ingest";

let store: Store;
let operatorId = 0;
const meta = {
  fileName: "fw-2.0.bin",
  fileType: "1 Firmware Upgrade Image",
  version: "2.0",
  originator: "Demo",
};
const image = makeSimImage({ version: "2.0", productClasses: ["DGA4132"] }, 200_000);

/** The bytes in small chunks, like a socket delivers them. */
const body = (bytes: Buffer) =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / 16384) }, (_, i) =>
      bytes.subarray(i * 16384, (i + 1) * 16384),
    ),
  );
const actor = () => ({ id: operatorId, username: "product" });
const tmpFiles = () => readdirSync(storeDir("tmp"));
const signed = (key = DEMO_PRIVATE_KEY, bytes = image) => signImage(key, bytes).toString("base64");

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("not refused");
}

beforeAll(async () => {
  overrideSettings({ LOG_LEVEL: "silent", FIRMWARE_MAX_BYTES: "300000" });
  store = await openStore({ dataDir: "memory:" });
  operatorId = (
    await db().operator.create({ data: { username: "product", role: "product", passwordHash: "x" } })
  ).id;
  await trustDemoKey();
});

afterAll(async () => {
  await store.close();
});

beforeEach(() => {
  expect(tmpFiles()).toEqual([]);
});

describe("ingestImage", () => {
  it("stores a signed image as a draft with its digests, key and an audit row", async () => {
    const row = await ingestImage(body(image), {
      meta,
      signature: signed(),
      declaredSize: image.length,
      actor: actor(),
    });
    expect(row).toMatchObject({
      state: "draft",
      fileName: "fw-2.0.bin",
      version: "2.0",
      createdBy: "product",
    });
    expect(row.size).toBe(BigInt(image.length));
    expect(row.sha256).toBe(createHash("sha256").update(image).digest("hex"));
    expect(row.md5).toBe(createHash("md5").update(image).digest("hex"));
    expect(row.keyId).not.toBeNull();
    expect(row.signature).toBe(signed());
    expect(readFileSync(path.join(storeDir("images"), row.storageName)).equals(image)).toBe(true);
    const audit = await db().auditLog.findFirst({ where: { action: "firmware.upload" } });
    expect(audit?.target).toBe("fw-2.0.bin 2.0");
    expect(tmpFiles()).toEqual([]);
  });

  it("refuses an unsigned image while signing is required, before reading it", async () => {
    const error = await refusal(ingestImage(body(image), { meta, signature: null, actor: actor() }));
    expect(error).toBeInstanceOf(ImageRefusedError);
    expect(error.message).toMatch(/requires a signed image/);
    expect(tmpFiles()).toEqual([]);
  });

  it("refuses a tampered image and keeps nothing", async () => {
    const before = await db().firmwareImage.count();
    const tampered = Buffer.from(image);
    tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 0xff;
    const error = await refusal(ingestImage(body(tampered), { meta, signature: signed(), actor: actor() }));
    expect(error).toBeInstanceOf(ImageRefusedError);
    expect(error.message).toMatch(/does not match/);
    expect(await db().firmwareImage.count()).toBe(before);
    expect(tmpFiles()).toEqual([]);
  });

  it("stops reading past FIRMWARE_MAX_BYTES and deletes the partial file", async () => {
    const big = makeSimImage({ version: "3.0", productClasses: [] }, 400_000);
    const error = await refusal(
      ingestImage(body(big), { meta, signature: signed(DEMO_PRIVATE_KEY, big), actor: actor() }),
    );
    expect(error).toBeInstanceOf(ImageTooLargeError);
    expect(tmpFiles()).toEqual([]);
    const declared = await refusal(
      ingestImage(body(big), {
        meta,
        signature: signed(DEMO_PRIVATE_KEY, big),
        declaredSize: big.length,
        actor: actor(),
      }),
    );
    expect(declared).toBeInstanceOf(ImageTooLargeError);
  });

  it("deletes the temp file when the client goes away mid-upload", async () => {
    async function* aborted() {
      yield await Promise.resolve(image.subarray(0, 50_000));
      throw new Error("aborted");
    }
    await expect(ingestImage(aborted(), { meta, signature: signed(), actor: actor() })).rejects.toThrow(
      "aborted",
    );
    expect(tmpFiles()).toEqual([]);
    const short = await refusal(
      ingestImage(body(image.subarray(0, 1000)), {
        meta,
        signature: signed(),
        declaredSize: image.length,
        actor: actor(),
      }),
    );
    expect(short.message).toMatch(/interrupted/);
  });

  it("accepts an ECDSA P-256 signature (openssl dgst -sha256 -sign) from a trusted key", async () => {
    const pair = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const pub = pair.publicKey.export({ type: "spki", format: "pem" }).toString();
    const priv = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const { trustKey } = await import("../keys");
    const key = await trustKey(actor(), { name: "P-256 vendor", pem: pub });
    const row = await ingestImage(body(image), { meta, signature: signed(priv), actor: actor() });
    expect(row.keyId).toBe(key.id);
  });

  it("no longer accepts a key's signatures once it is revoked", async () => {
    const pair = generateKeyPairSync("ed25519");
    const pub = pair.publicKey.export({ type: "spki", format: "pem" }).toString();
    const priv = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const { revokeKey, trustKey } = await import("../keys");
    const key = await trustKey(actor(), { name: "Soon revoked", pem: pub });
    await ingestImage(body(image), { meta, signature: signed(priv), actor: actor() });
    await revokeKey(actor(), key.id);
    const error = await refusal(ingestImage(body(image), { meta, signature: signed(priv), actor: actor() }));
    expect(error).toBeInstanceOf(ImageRefusedError);
  });

  it("takes an unsigned image when signing is optional, but never a bad signature", async () => {
    overrideSettings({
      LOG_LEVEL: "silent",
      FIRMWARE_MAX_BYTES: "300000",
      FIRMWARE_REQUIRE_SIGNATURE: "false",
    });
    try {
      const row = await ingestImage(body(image), { meta, signature: "", actor: actor() });
      expect(row.signature).toBeNull();
      expect(row.keyId).toBeNull();
      const bad = await refusal(
        ingestImage(body(image), {
          meta,
          signature: signed(DEMO_PRIVATE_KEY, Buffer.from("x")),
          actor: actor(),
        }),
      );
      expect(bad).toBeInstanceOf(ImageRefusedError);
    } finally {
      overrideSettings({ LOG_LEVEL: "silent", FIRMWARE_MAX_BYTES: "300000" });
    }
  });

  it("refuses bad metadata with the field named", async () => {
    const error = await refusal(
      ingestImage(body(image), { meta: { ...meta, fileName: "../x" }, signature: signed(), actor: actor() }),
    );
    expect(error.message).toMatch(/fileName/);
  });

  it("sweeps temp files older than a day, keeps fresh ones", async () => {
    const old = path.join(storeDir("tmp"), "old.part");
    const fresh = path.join(storeDir("tmp"), "fresh.part");
    writeFileSync(old, "x");
    writeFileSync(fresh, "y");
    const dayAgo = (Date.now() - 25 * 3600_000) / 1000;
    utimesSync(old, dayAgo, dayAgo);
    expect(await sweepStaleUploads()).toBe(1);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    await sweepStaleUploads(Date.now() + 2 * 86_400_000);
    expect(tmpFiles()).toEqual([]);
  });
});
