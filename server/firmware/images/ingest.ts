// Upload into the software store: the body streams to a temp file while sha256, md5 and the signature
// check run over the same chunks (an image may be 2 GiB: it is never held in memory nor read twice).
// Only a complete, within-limit, acceptably signed upload is renamed into images/ and gets a row; any
// failure, including the client going away, deletes the temp file.
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import { readdir, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { finished } from "node:stream/promises";
import { imageMetaSchema } from "../../../lib/firmware/image-schema";
import { recordAudit } from "../../audit/service";
import { AppError } from "../../core/app-error";
import type { Actor } from "../../core/actor";
import { db } from "../../db";
import { settings } from "../../env";
import type { FirmwareImage } from "../../generated/prisma/client";
import { logger } from "../../logger";
import { storeDir } from "../paths";
import { decodeSignature, ImageVerifier, type SignatureAlgorithm } from "../signature";
import { ImageRefusedError, ImageTooLargeError } from "./errors";

const log = logger("firmware-store");
const STALE_MS = 24 * 60 * 60 * 1000;

export interface IngestInput {
  /** The metadata as received (validated here) */
  meta: unknown;
  /** Detached signature, base64 text (or raw bytes); empty = unsigned */
  signature?: string | Buffer | null;
  /** Content-Length when the client declared one: refused at once when over the limit */
  declaredSize?: number;
  actor: Actor;
}

/** Reads `body` into the store; the new image is a draft. Throws AppError (ImageTooLarge/Refused) on refusal. */
export async function ingestImage(
  body: AsyncIterable<Uint8Array>,
  input: IngestInput,
): Promise<FirmwareImage> {
  const parsed = imageMetaSchema.safeParse(input.meta);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "invalid_input",
      `Metadata: ${issue?.path.join(".") || "?"}: ${issue?.message ?? "invalid"}`,
    );
  }
  const meta = parsed.data;
  const s = settings();
  const max = s.FIRMWARE_MAX_BYTES;
  if (input.declaredSize !== undefined && input.declaredSize > max) throw new ImageTooLargeError(max);

  const signature = input.signature && input.signature.length > 0 ? decodeSignature(input.signature) : null;
  if (!signature && s.FIRMWARE_REQUIRE_SIGNATURE)
    throw new ImageRefusedError("The store requires a signed image: add the originator's detached signature");
  const keys = signature
    ? await db().firmwareKey.findMany({ where: { revokedAt: null }, orderBy: { id: "asc" } })
    : [];
  if (signature && keys.length === 0)
    throw new ImageRefusedError(
      "No trusted originator key: an administrator must trust the signer's key first",
    );
  const verifier = signature
    ? new ImageVerifier(
        keys.map((k) => ({ ...k, algorithm: k.algorithm as SignatureAlgorithm })),
        signature,
      )
    : null;

  const tmp = path.join(storeDir("tmp"), `${randomBytes(16).toString("hex")}.part`);
  const out = createWriteStream(tmp, { flags: "wx", mode: 0o600 });
  // A disk error between awaits must not be an unhandled 'error' event; the next write or close sees it.
  out.on("error", () => undefined);
  const sha256 = createHash("sha256");
  const md5 = createHash("md5");
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > max) throw new ImageTooLargeError(max);
      const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      sha256.update(buf);
      md5.update(buf);
      verifier?.update(buf);
      await write(out, buf);
    }
    await close(out);
    // A body that ended early without an error (a proxy or runtime that hides the abort) is not an image.
    if (input.declaredSize !== undefined && size !== input.declaredSize)
      throw new AppError(
        "invalid_input",
        `The upload was interrupted (${size} of ${input.declaredSize} bytes)`,
      );
    if (size === 0) throw new AppError("invalid_input", "The file is empty");
    const digest = sha256.digest("hex");
    const signer = verifier?.finish(digest) ?? null;
    if (verifier && !signer)
      throw new ImageRefusedError(
        "The signature does not match the image with any trusted originator key (tampered image, wrong signature file, or an untrusted or revoked key)",
      );
    const key = signer ? keys.find((k) => k.fingerprint === signer.fingerprint) : undefined;
    const storageName = randomBytes(16).toString("hex");
    const final = path.join(storeDir("images"), storageName);
    await rename(tmp, final);
    try {
      return await db().$transaction(async (tx) => {
        const image = await tx.firmwareImage.create({
          data: {
            ...meta,
            storageName,
            size: BigInt(size),
            sha256: digest,
            md5: md5.digest("hex"),
            signature: signer && signature ? signature.toString("base64") : null,
            keyId: key?.id ?? null,
            state: "draft",
            createdBy: input.actor.username,
          },
        });
        await recordAudit(tx, {
          operatorId: input.actor.id,
          action: "firmware.upload",
          target: `${image.fileName} ${image.version}`,
          after: {
            id: image.id,
            fileType: image.fileType,
            size,
            sha256: digest,
            key: key?.fingerprint ?? null,
          },
        });
        return image;
      });
    } catch (error) {
      await unlink(final).catch(() => undefined);
      throw error;
    }
  } catch (error) {
    out.destroy();
    await unlink(tmp).catch(() => undefined);
    if (!(error instanceof AppError)) log.warn({ err: error, size }, "image upload interrupted");
    throw error;
  }
}

/** Backpressure: wait for the disk only when the stream's buffer is full. */
async function write(out: WriteStream, buf: Buffer): Promise<void> {
  if (out.errored) throw out.errored;
  if (!out.write(buf)) await once(out, "drain");
}

async function close(out: WriteStream): Promise<void> {
  out.end();
  await finished(out);
}

/** Deletes temp files of uploads a crash left behind (older than a day); called once at start-up. */
export async function sweepStaleUploads(now = Date.now()): Promise<number> {
  const dir = storeDir("tmp");
  let removed = 0;
  for (const name of await readdir(dir)) {
    const file = path.join(dir, name);
    try {
      if (now - (await stat(file)).mtimeMs > STALE_MS) {
        await unlink(file);
        removed++;
      }
    } catch {
      // gone meanwhile, or not ours to delete: nothing to do
    }
  }
  if (removed > 0) log.info({ removed }, "stale image uploads removed");
  return removed;
}
