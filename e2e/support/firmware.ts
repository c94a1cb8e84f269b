// Firmware for e2e journeys without the upload page: a signed, published image written where the
// running server keeps its store (<DATA_DIR>/firmware/images, the default FIRMWARE_DIR) and its row
// in the server's database, signed with the demo originator key the server is told to trust here
// (the simulator trusts the same key by default).
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parsePublicKey, signImage } from "../../server/firmware/signature";
import { makeSimImage } from "../../sim/firmware-image";
import { DATA_DIR_ENV } from "./constants";
import { testDb } from "./db";

const KEYS = path.resolve(import.meta.dirname, "../../scripts/demo-keys");
const DEMO_PRIVATE_KEY = readFileSync(path.join(KEYS, "demo-originator.key.pem"), "utf8");
const DEMO_PUBLIC_KEY = readFileSync(path.join(KEYS, "demo-originator.pub.pem"), "utf8");

/** The demo key as a trusted originator key of the server (once per database); its row id. */
export async function trustDemoKey(): Promise<number> {
  const parsed = parsePublicKey(DEMO_PUBLIC_KEY);
  if ("error" in parsed) throw new Error(parsed.error);
  const existing = await testDb().firmwareKey.findUnique({ where: { fingerprint: parsed.fingerprint } });
  if (existing) {
    if (existing.revokedAt) throw new Error("the demo key is revoked in this database");
    return existing.id;
  }
  const key = await testDb().firmwareKey.create({ data: { name: "Demo originator (e2e)", ...parsed } });
  return key.id;
}

/** The server's image store: FIRMWARE_DIR is not set for the e2e server, so <DATA_DIR>/firmware/images. */
export function e2eImageDir(): string {
  const dataDir = process.env[DATA_DIR_ENV];
  if (!dataDir) throw new Error(`${DATA_DIR_ENV} is not set: run the tests through playwright.config.ts`);
  const dir = path.join(dataDir, "firmware", "images");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export interface SeedImage {
  version: string;
  /** Models it is built for (empty: any). */
  productClasses?: string[];
  size?: number;
  createdBy?: string;
}

/** A simulator image of `version`, signed and published; returns its row. */
export async function seedSignedImage(options: SeedImage) {
  const productClasses = options.productClasses ?? [];
  const bytes = makeSimImage({ version: options.version, productClasses }, options.size ?? 64 * 1024);
  const storageName = randomBytes(16).toString("hex");
  writeFileSync(path.join(e2eImageDir(), storageName), bytes, { mode: 0o600 });
  const keyId = await trustDemoKey();
  return testDb().firmwareImage.create({
    data: {
      fileName: `firmware-${options.version}.bin`.replace(/[^\w.-]/g, "_"),
      storageName,
      size: BigInt(bytes.length),
      sha256: createHash("sha256").update(bytes).digest("hex"),
      md5: createHash("md5").update(bytes).digest("hex"),
      fileType: "1 Firmware Upgrade Image",
      version: options.version,
      originator: "Demo originator (e2e)",
      productClasses,
      signature: signImage(DEMO_PRIVATE_KEY, bytes).toString("base64"),
      keyId,
      state: "published",
      publishedAt: new Date(),
      createdBy: options.createdBy ?? "e2e",
    },
  });
}

/** A simulator image file on disk (for the upload page) and its detached signature, base64. */
export function signedImageFile(dir: string, version: string, productClasses: string[] = []) {
  const bytes = makeSimImage({ version, productClasses }, 64 * 1024);
  const file = path.join(dir, `firmware-${version}.bin`);
  writeFileSync(file, bytes);
  const signature = signImage(DEMO_PRIVATE_KEY, bytes).toString("base64");
  const signatureFile = `${file}.sig`;
  writeFileSync(signatureFile, signature);
  return { file, signature, signatureFile, sha256: createHash("sha256").update(bytes).digest("hex") };
}
