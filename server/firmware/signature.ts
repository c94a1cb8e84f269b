// Detached image signatures from an originator's key, both algorithms from node:crypto:
// - ECDSA P-256 signs the image with SHA-256: what `openssl dgst -sha256 -sign key.pem image` makes;
// - Ed25519 signs the image's 32-byte SHA-256 digest: an image may be 2 GiB and pure Ed25519 needs the
//   whole message at once, so the digest (computed while the upload streams to disk) is what is signed.
// Both are checked while the bytes stream past (ImageVerifier), never by reading the file again. The
// signature travels with the image (file-server headers) so a CPE can check it too.
import {
  createHash,
  createPublicKey,
  createVerify,
  sign,
  verify,
  type KeyObject,
  type Verify,
} from "node:crypto";

export type SignatureAlgorithm = "ed25519" | "ecdsa-p256";

export interface TrustedKey {
  algorithm: SignatureAlgorithm;
  /** SPKI PEM */
  publicKey: string;
  /** sha256 of the SPKI DER, hex */
  fingerprint: string;
}

/** A PEM public key (or a private key, whose public half is taken) of a supported type, or an error. */
export function parsePublicKey(pem: string): TrustedKey | { error: string } {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    return { error: "not a PEM public key" };
  }
  let algorithm: SignatureAlgorithm;
  if (key.asymmetricKeyType === "ed25519") algorithm = "ed25519";
  else if (key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1")
    algorithm = "ecdsa-p256";
  else return { error: `unsupported key type ${key.asymmetricKeyType ?? "?"}: use Ed25519 or ECDSA P-256` };
  const der = key.export({ type: "spki", format: "der" });
  return {
    algorithm,
    publicKey: key.export({ type: "spki", format: "pem" }).toString(),
    fingerprint: createHash("sha256").update(der).digest("hex"),
  };
}

/** A signature as uploaded: base64 text (whitespace ignored), else raw bytes. */
export function decodeSignature(data: Buffer | string): Buffer {
  const text = (typeof data === "string" ? data : data.toString("latin1")).trim();
  if (/^[A-Za-z0-9+/=\s]+$/.test(text) && text.replace(/\s+/g, "").length >= 64)
    return Buffer.from(text.replace(/\s+/g, ""), "base64");
  return typeof data === "string" ? Buffer.from(data, "latin1") : data;
}

/**
 * Checks a signature against every trusted key while the image streams past: `update` each chunk,
 * then `finish(sha256Hex)` names the key that signed it (or null).
 */
export class ImageVerifier {
  private readonly ecdsa: { key: TrustedKey; verify: Verify }[];

  constructor(
    private readonly keys: readonly TrustedKey[],
    private readonly signature: Buffer,
  ) {
    this.ecdsa = keys
      .filter((k) => k.algorithm === "ecdsa-p256")
      .map((key) => ({ key, verify: createVerify("sha256") }));
  }

  update(chunk: Buffer): void {
    for (const e of this.ecdsa) e.verify.update(chunk);
  }

  finish(sha256Hex: string): TrustedKey | null {
    const digest = Buffer.from(sha256Hex, "hex");
    for (const key of this.keys.filter((k) => k.algorithm === "ed25519")) {
      if (safe(() => verify(null, digest, createPublicKey(key.publicKey), this.signature))) return key;
    }
    for (const { key, verify: v } of this.ecdsa) {
      if (safe(() => v.verify(createPublicKey(key.publicKey), this.signature))) return key;
    }
    return null;
  }
}

function safe(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

/** Verifies a whole image held in memory (the simulated CPE, tests). */
export function verifyImage(key: TrustedKey, image: Buffer, signature: Buffer): boolean {
  const v = new ImageVerifier([key], signature);
  v.update(image);
  return v.finish(createHash("sha256").update(image).digest("hex")) !== null;
}

/** Signs an image (scripts/sign-image.ts, the demo, tests) with an Ed25519 or P-256 private key. */
export function signImage(privateKeyPem: string, image: Buffer): Buffer {
  const key = createPublicKey(privateKeyPem);
  if (key.asymmetricKeyType === "ed25519")
    return sign(null, createHash("sha256").update(image).digest(), privateKeyPem);
  return sign("sha256", image, privateKeyPem);
}
