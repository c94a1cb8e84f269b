// The demo's store: the demo originator key trusted and, per simulated model, one signed image newer
// than any version the demo fleet runs, published so it can be rolled out at once. Idempotent: a
// restart on the same data directory finds the key and the images and adds nothing.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { makeSimImage } from "../../../sim/firmware-image";
import { DNG_VENDORS, STB_VENDORS, type VendorProfile } from "../../../sim/vendors";
import type { Actor } from "../../core/actor";
import { db } from "../../db";
import { trustKey } from "../keys";
import { parsePublicKey, signImage } from "../signature";
import { ingestImage } from "./ingest";
import { publishImage } from "./store";

const DEMO_KEYS = path.resolve(import.meta.dirname, "../../../scripts/demo-keys");
const DEMO_IMAGE_BYTES = 512 * 1024;

/** The newest of a model's versions with its last number bumped, keeping its zero padding. */
export function nextVersion(versions: readonly string[]): string {
  const newest = [...versions].sort((a, b) => a.localeCompare(b, "en", { numeric: true })).at(-1) ?? "1.0";
  return newest.replace(/(\d+)(?!.*\d)/, (n) => String(Number(n) + 1).padStart(n.length, "0"));
}

export async function seedDemoStore(actor: Actor): Promise<number> {
  const pub = readFileSync(path.join(DEMO_KEYS, "demo-originator.pub.pem"), "utf8");
  const priv = readFileSync(path.join(DEMO_KEYS, "demo-originator.key.pem"), "utf8");
  const parsed = parsePublicKey(pub);
  if ("error" in parsed) throw new Error(`demo key: ${parsed.error}`);
  const known = await db().firmwareKey.findUnique({ where: { fingerprint: parsed.fingerprint } });
  if (!known) await trustKey(actor, { name: "Demo originator", pem: pub });
  let added = 0;
  for (const vendor of [...DNG_VENDORS, ...STB_VENDORS]) {
    if (await seedModel(actor, vendor, priv)) added++;
  }
  return added;
}

async function seedModel(actor: Actor, vendor: VendorProfile, privateKey: string): Promise<boolean> {
  const version = nextVersion(vendor.softwareVersions);
  const exists = await db().firmwareImage.findFirst({
    where: { version, productClasses: { has: vendor.productClass }, createdBy: actor.username },
    select: { id: true },
  });
  if (exists) return false;
  const bytes = makeSimImage({ version, productClasses: [vendor.productClass] }, DEMO_IMAGE_BYTES);
  const image = await ingestImage(Readable.from([bytes]), {
    meta: {
      fileName: `${vendor.productClass.replace(/[^A-Za-z0-9._-]/g, "")}-${version}.bin`,
      fileType: "1 Firmware Upgrade Image",
      version,
      originator: vendor.manufacturer,
      ouis: [vendor.oui],
      productClasses: [vendor.productClass],
      hardwareVersions: vendor.hardwareVersions,
      releaseNotes: `Demo image for the simulated ${vendor.modelName}: boots into ${version}.`,
    },
    signature: signImage(privateKey, bytes).toString("base64"),
    declaredSize: bytes.length,
    actor,
  });
  await publishImage(actor, image.id);
  return true;
}
