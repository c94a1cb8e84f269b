// Fetching a store file as a CPE does: stream the body (hash and signature check as the bytes pass,
// keep only the head), then check size, Digest and the originator's signature before anything is
// installed. Memory per transfer stays at a chunk plus the head, whatever the image size.
import { createHash } from "node:crypto";
import { decodeSignature, ImageVerifier } from "../server/firmware/signature";
import type { FirmwareFault, FirmwareTrust } from "./firmware-faults";
import { TransferError, transferFetch } from "./transfer-http";

/** Enough for the one-line headers and the old tests' small JSON images. */
const HEAD_BYTES = 64 * 1024;
const MAX_BYTES = 2 * 1024 ** 3;
/** slow_link: 2 Mbit/s at timeScale 1. */
const SLOW_BYTES_PER_SECOND = 250_000;
const BODY_TIMEOUT_MS = 10 * 60_000;

export interface FetchRequest {
  url: string;
  username: string;
  password: string;
  /** 0: not announced */
  fileSize: number;
  /** a sha256 the ACS put in the URL or TargetFileName (?sha256=hex), older convention */
  sha256Hint?: string;
}

export interface FetchedFile {
  head: Buffer;
  size: number;
  sha256: string;
  /** a signature header came with the file and a trusted key verified it */
  signed: boolean;
  /** a signature header came with the file */
  signaturePresent: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function signatureHeader(value: string | null): { sig: Buffer } | undefined {
  if (!value) return undefined;
  const sig = /(?:^|;)\s*sig=([A-Za-z0-9+/=]+)/.exec(value)?.[1];
  return sig ? { sig: decodeSignature(sig) } : undefined;
}

export async function fetchFile(
  req: FetchRequest,
  trust: FirmwareTrust,
  fault: FirmwareFault | undefined,
  timeScale: number,
): Promise<FetchedFile> {
  const res = await transferFetch(req.url, { method: "GET" }, req.username, req.password, BODY_TIMEOUT_MS);
  if (res.status >= 400 || !res.body) {
    await res.body?.cancel();
    throw new TransferError(9016, `HTTP ${res.status}`);
  }
  const digest = /sha-256=([A-Za-z0-9+/=]+)/i.exec(res.headers.get("digest") ?? "")?.[1];
  const signature = signatureHeader(res.headers.get("x-vantage-signature"));
  const verifier = signature ? new ImageVerifier(trust.keys, signature.sig) : undefined;
  const hash = createHash("sha256");
  const head: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  const started = Date.now();
  const rate = SLOW_BYTES_PER_SECOND / Math.max(timeScale, 1e-6);
  try {
    for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
      const chunk = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
      size += chunk.length;
      if (size > MAX_BYTES) throw new TransferError(9017, "file too large");
      hash.update(chunk);
      verifier?.update(chunk);
      if (headLength < HEAD_BYTES) {
        const keep = chunk.subarray(0, HEAD_BYTES - headLength);
        head.push(Buffer.from(keep));
        headLength += keep.length;
      }
      if (fault === "slow_link") {
        const ahead = (size / rate) * 1000 - (Date.now() - started);
        if (ahead > 0) await sleep(ahead);
      }
    }
  } catch (err) {
    if (err instanceof TransferError) throw err;
    throw new TransferError(
      9010,
      `transfer interrupted: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const sha256 = hash.digest("hex");
  // Simulated damage in transit: the bytes were fetched (the file server counts them), then lost.
  const receivedSize = fault === "size_mismatch" ? size - 1 : size;
  if (req.fileSize > 0 && receivedSize !== req.fileSize) {
    throw new TransferError(9018, `size ${receivedSize} != FileSize ${req.fileSize}`);
  }
  if (fault === "size_mismatch") throw new TransferError(9018, `size ${receivedSize} != ${size}`);
  const expected = digest ? Buffer.from(digest, "base64").toString("hex") : req.sha256Hint?.toLowerCase();
  if (fault === "hash_mismatch" || (expected && expected !== sha256)) {
    throw new TransferError(9018, "SHA-256 mismatch");
  }
  const signed = fault !== "signature_mismatch" && verifier !== undefined && verifier.finish(sha256) !== null;
  if (fault === "signature_mismatch" || (signature && !signed && trust.requireSignature)) {
    throw new TransferError(9019, "signature does not verify with a trusted key");
  }
  return { head: Buffer.concat(head), size, sha256, signed, signaturePresent: signature !== undefined };
}
