// A flute:// Download as a CPE takes it (issue 15): join the session's group, receive the file from
// the carousel (sim/flute/receiver.ts), then the same checks as over HTTP: size, the FDT's Content-MD5
// (in the receiver), the originator's signature (carried in the URL's sig parameter, see
// server/firmware/multicast/download-url.ts). Fault codes: 9014 cannot join / nothing received in
// time, 9010 damaged in transit (MD5), 9017 too large, 9018 size, 9019 signature.
import { createHash } from "node:crypto";
import { parseMulticastDownloadUrl } from "../server/firmware/multicast/download-url";
import { FluteReceiveError } from "../server/flute/types";
import { ImageVerifier } from "../server/firmware/signature";
import type { FirmwareFault, FirmwareTrust } from "./firmware-faults";
import type { FetchedFile } from "./firmware-fetch";
import { receiveFluteFile } from "./flute/receiver";
import { TransferError } from "./transfer-http";

const HEAD_BYTES = 64 * 1024;
/** The whole file is held while it is rebuilt from blocks: a simulated CPE's flash, bounded. */
const MAX_BYTES = 512 * 1024 ** 2;
const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export const isMulticastUrl = (url: string) => url.startsWith("flute://");

export async function receiveMulticast(
  req: { url: string; fileSize: number },
  trust: FirmwareTrust,
  fault: FirmwareFault | undefined,
): Promise<FetchedFile> {
  const parsed = parseMulticastDownloadUrl(req.url);
  if (!parsed) throw new TransferError(9013, "not a valid flute:// session URL");
  if (fault === "multicast_join") throw new TransferError(9014, "cannot join multicast group");
  const { session, signature } = parsed;
  let data: Buffer;
  try {
    const result = await receiveFluteFile({
      group: session.group,
      port: session.port,
      tsi: session.tsi,
      toi: session.toi,
      version: session.version,
      ...(session.source ? { source: session.source } : {}),
      ...(trust.multicast?.interfaceAddress ? { interfaceAddress: trust.multicast.interfaceAddress } : {}),
      timeoutMs: trust.multicast?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxBytes: MAX_BYTES,
    });
    data = result.data;
  } catch (err) {
    if (!(err instanceof FluteReceiveError)) {
      throw new TransferError(
        9010,
        `multicast transfer failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (err.code === "join" || err.code === "timeout")
      throw new TransferError(9014, `cannot join multicast group (${err.code}: ${err.message})`);
    if (err.code === "too-large") throw new TransferError(9017, "file too large");
    throw new TransferError(9010, "MD5 mismatch: the file was damaged in transit");
  }
  const size = fault === "size_mismatch" ? data.length - 1 : data.length;
  if (req.fileSize > 0 && size !== req.fileSize)
    throw new TransferError(9018, `size ${size} != FileSize ${req.fileSize}`);
  if (fault === "size_mismatch" || fault === "hash_mismatch") throw new TransferError(9010, "MD5 mismatch");
  const sha256 = createHash("sha256").update(data).digest("hex");
  const verifier = signature ? new ImageVerifier(trust.keys, signature) : undefined;
  verifier?.update(data);
  const signed = fault !== "signature_mismatch" && verifier !== undefined && verifier.finish(sha256) !== null;
  if (fault === "signature_mismatch" || (signature && !signed && trust.requireSignature)) {
    throw new TransferError(9019, "signature does not verify with a trusted key");
  }
  return {
    head: Buffer.from(data.subarray(0, HEAD_BYTES)),
    size: data.length,
    sha256,
    signed,
    signaturePresent: signature !== undefined,
  };
}
