// The simulated CPEs' firmware image format: a one-line header naming the version and the product
// classes it is built for, then payload. A real CPE reads its image's header the same way; the
// simulator boots into `version` after a successful download.
import { createHash } from "node:crypto";

const MAGIC = "VANTAGE-SIM-FIRMWARE";

export interface SimImageHeader {
  version: string;
  productClasses: string[];
}

/** An image of `size` bytes (at least the header), payload deterministic from the version. */
export function makeSimImage(header: SimImageHeader, size = 4096): Buffer {
  const line = Buffer.from(
    `${MAGIC} version=${header.version} product=${header.productClasses.join(",")}\n`,
    "latin1",
  );
  const out = Buffer.alloc(Math.max(size, line.length));
  line.copy(out);
  // Payload: a SHA-256 chain, so two versions never share bytes (and nothing compresses it away).
  let block = createHash("sha256").update(header.version).digest();
  for (let at = line.length; at < out.length; at += block.length) {
    block.copy(out, at);
    block = createHash("sha256").update(block).digest();
  }
  return out;
}

/** The header of an image, or undefined when it is not one of ours. */
export function readSimImageHeader(image: Buffer): SimImageHeader | undefined {
  const end = image.indexOf(0x0a);
  if (end < 0 || end > 512) return undefined;
  const m = /^VANTAGE-SIM-FIRMWARE version=(\S+) product=(\S*)$/.exec(
    image.subarray(0, end).toString("latin1"),
  );
  if (!m) return undefined;
  return { version: m[1]!, productClasses: m[2] ? m[2].split(",") : [] };
}
