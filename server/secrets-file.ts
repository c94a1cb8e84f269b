// The key that encrypts stored credentials (connection-request passwords, secret values queued in
// tasks) lives in a file beside the database, never in it: a copy of the database (a backup, a dump
// handed to support) then holds no usable credential. Every process of a cluster reads the same file.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { processSlot } from "./core/process-slot";
import { settings } from "./env";
import { logger } from "./logger";

export class SecretsFileError extends Error {}
export class SecretOpenError extends Error {}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = "v1";
const fileSchema = z.object({ version: z.literal(1), key: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
/** `v1:<iv>:<ciphertext+tag>`, base64url: a 12-byte IV is 16 characters, a tag alone at least 22. */
const SEALED = /^v1:([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22,})$/;

/** Where the key lives: SECRETS_FILE, else `<DATA_DIR>/secrets.json`. */
export function secretsFilePath(): string {
  const s = settings();
  if (s.SECRETS_FILE) return path.resolve(s.SECRETS_FILE);
  if (s.DATA_DIR === "memory:")
    throw new SecretsFileError(
      "an in-memory store (DATA_DIR=memory:) has no directory for the key: set SECRETS_FILE",
    );
  return path.resolve(s.DATA_DIR, "secrets.json");
}

// One per process: the Next.js bundle loads its own copy of this module; both must use one key.
const cache = processSlot<{ loaded: { file: string; key: Buffer } }>("secretsKey");

/**
 * The key of the configured secrets file, created on first use. Throws SecretsFileError (with the file
 * and what is wrong) when the file exists but cannot be read or is malformed; start-up calls it so a
 * broken file stops the process before anything is sealed.
 */
export function secretsKey(): Buffer {
  const file = secretsFilePath();
  if (cache.loaded?.file === file) return cache.loaded.key;
  const key = loadOrCreateKeyFile(file);
  cache.loaded = { file, key };
  return key;
}

/** Read the key file at `file`, creating it (0600, atomically) when it does not exist. */
export function loadOrCreateKeyFile(file: string): Buffer {
  const existing = readKeyFile(file);
  if (existing) return existing;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  const body = JSON.stringify({ version: 1, key: randomBytes(KEY_BYTES).toString("base64url") }) + "\n";
  writeFileSync(temp, body, { mode: 0o600, flag: "wx" });
  try {
    // link() fails when the name exists: of two processes creating it at once, one file wins whole
    // and the other reads it (a rename would let the later one replace a key already in use).
    linkSync(temp, file);
    logger("secrets").info({ file }, "secrets file created");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(temp);
  }
  const key = readKeyFile(file);
  if (!key) throw new SecretsFileError(`secrets file ${file}: vanished while it was being created`);
  return key;
}

function readKeyFile(file: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new SecretsFileError(`secrets file ${file} cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SecretsFileError(`secrets file ${file} is not JSON (expected {"version":1,"key":"…"})`);
  }
  const result = fileSchema.safeParse(parsed);
  if (!result.success)
    throw new SecretsFileError(
      `secrets file ${file} is malformed: expected {"version":1,"key":"<32 bytes base64url>"}`,
    );
  // Warned, not refused: mounted secrets (Kubernetes volumes) are often 0644 inside a private mount.
  if ((statSync(file).mode & 0o077) !== 0)
    logger("secrets").warn({ file }, "secrets file is readable by other users: chmod 600 it");
  return Buffer.from(result.data.key, "base64url");
}

/** Whether a stored value has the sealed form (it may still fail to open under another key). */
export function isSealed(stored: string): boolean {
  return SEALED.test(stored);
}

/** AES-256-GCM with a random IV: `v1:<iv>:<ciphertext+tag>`. */
export function sealSecret(plain: string, key: Buffer = secretsKey()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}:${iv.toString("base64url")}:${body.toString("base64url")}`;
}

/**
 * The plain value of a stored one. A value not in the sealed form is legacy plaintext (written before
 * encryption at rest) and is returned as is; a sealed value that does not open (another key, an
 * edited value) throws SecretOpenError rather than ever yielding the ciphertext as a password.
 */
export function openSecret(stored: string, key: Buffer = secretsKey()): string {
  const match = SEALED.exec(stored);
  if (!match) return stored;
  const iv = Buffer.from(match[1]!, "base64url");
  const body = Buffer.from(match[2]!, "base64url");
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES)
    throw new SecretOpenError("stored secret is malformed");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    throw new SecretOpenError(
      `stored secret cannot be decrypted: the secrets file (${secretsFilePath()}) holds another key, or the value was altered`,
    );
  }
}

/** A value sealed under the current key, whether it arrives plain or already sealed by this key. */
export function resealSecret(value: string, key: Buffer = secretsKey()): string {
  if (isSealed(value)) {
    try {
      openSecret(value, key);
      return value;
    } catch {
      // Not ours: a plain value that merely looks sealed. Seal it like any other.
    }
  }
  return sealSecret(value, key);
}
