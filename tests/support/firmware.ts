// Store images for tests without the upload path: the file under FIRMWARE_DIR and its row, signed
// with the demo originator key (trusted here too), published unless asked otherwise.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { db } from "../../server/db";
import type { FirmwareImage } from "../../server/generated/prisma/client";
import { storeDir } from "../../server/firmware/paths";
import { parsePublicKey, signImage } from "../../server/firmware/signature";
import { makeSimImage } from "../../sim/firmware-image";

const KEYS = path.resolve(import.meta.dirname, "../../scripts/demo-keys");
export const DEMO_PRIVATE_KEY = readFileSync(path.join(KEYS, "demo-originator.key.pem"), "utf8");
export const DEMO_PUBLIC_KEY = readFileSync(path.join(KEYS, "demo-originator.pub.pem"), "utf8");

/** Trusts the demo key (once per database); returns its row id. */
export async function trustDemoKey(): Promise<number> {
  const parsed = parsePublicKey(DEMO_PUBLIC_KEY);
  if ("error" in parsed) throw new Error(parsed.error);
  const key = await db().firmwareKey.upsert({
    where: { fingerprint: parsed.fingerprint },
    create: { name: "Demo originator", ...parsed },
    update: {},
  });
  return key.id;
}

export interface TestImageOptions {
  version: string;
  productClasses?: string[];
  ouis?: string[];
  fromVersions?: string[];
  fileType?: string;
  size?: number;
  state?: "draft" | "published" | "blocked";
  releaseDate?: Date | null;
  /** Bytes to store instead of a simulator image. */
  bytes?: Buffer;
  duUuid?: string;
}

export async function addTestImage(options: TestImageOptions): Promise<FirmwareImage> {
  const bytes =
    options.bytes ??
    makeSimImage({ version: options.version, productClasses: options.productClasses ?? [] }, options.size);
  const storageName = randomBytes(16).toString("hex");
  writeFileSync(path.join(storeDir("images"), storageName), bytes);
  const keyId = await trustDemoKey();
  return db().firmwareImage.create({
    data: {
      fileName: `firmware-${options.version}.bin`,
      storageName,
      size: BigInt(bytes.length),
      sha256: createHash("sha256").update(bytes).digest("hex"),
      md5: createHash("md5").update(bytes).digest("hex"),
      fileType: options.fileType ?? "1 Firmware Upgrade Image",
      version: options.version,
      originator: "Demo originator",
      ouis: options.ouis ?? [],
      productClasses: options.productClasses ?? [],
      fromVersions: options.fromVersions ?? [],
      releaseDate: options.releaseDate ?? null,
      signature: signImage(DEMO_PRIVATE_KEY, bytes).toString("base64"),
      keyId,
      duUuid: options.duUuid ?? "",
      state: options.state ?? "published",
      publishedAt: options.state === "draft" ? null : new Date(),
    },
  });
}
