// MESSAGE-INTEGRITY and FINGERPRINT over raw message bytes. RFC 5389 §15.4: HMAC-SHA1 over the message up
// to the attribute, with the header's length field set as if the message ended after MESSAGE-INTEGRITY.
// RFC 3489 §11.2.8 instead pads the text with zeros to a multiple of 64 bytes, and CPE stacks differ on
// the length field they hash, so verification accepts each of those readings; signing uses the form the
// request came in. Keys are the short-term credential (the device's STUNPassword) as UTF-8.
import { createHmac, timingSafeEqual } from "node:crypto";
import { ATTR } from "./attributes";
import { HEADER_BYTES, serializeMessage, type StunMessage } from "./message";

const MI_BYTES = 24;
const FP_BYTES = 8;
const FINGERPRINT_XOR = 0x5354554e;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const hmac = (key: string, data: Buffer): Buffer => createHmac("sha1", key).update(data).digest();

function withLength(prefix: Buffer, length: number): Buffer {
  const copy = Buffer.from(prefix);
  copy.writeUInt16BE(length, 2);
  return copy;
}

function pad64(buf: Buffer): Buffer {
  const extra = (64 - (buf.length % 64)) % 64;
  return extra === 0 ? buf : Buffer.concat([buf, Buffer.alloc(extra)]);
}

/** Offsets of the attributes in a message that parseMessage accepted. */
function attributeOffsets(raw: Buffer): { type: number; offset: number }[] {
  const out: { type: number; offset: number }[] = [];
  let offset = HEADER_BYTES;
  while (offset + 4 <= raw.length) {
    out.push({ type: raw.readUInt16BE(offset), offset });
    offset += 4 + ((raw.readUInt16BE(offset + 2) + 3) & ~3);
  }
  return out;
}

export type IntegrityCheck = "absent" | "valid" | "invalid";

/** Checks MESSAGE-INTEGRITY of a received message against key, in any of the forms stacks use. */
export function verifyIntegrity(raw: Buffer, key: string): IntegrityCheck {
  const mi = attributeOffsets(raw).find((a) => a.type === ATTR.MESSAGE_INTEGRITY);
  if (!mi) return "absent";
  if (raw.readUInt16BE(mi.offset + 2) !== 20 || mi.offset + MI_BYTES > raw.length) return "invalid";
  const expected = raw.subarray(mi.offset + 4, mi.offset + MI_BYTES);
  const prefix = raw.subarray(0, mi.offset);
  const adjusted = mi.offset + MI_BYTES - HEADER_BYTES;
  const received = raw.readUInt16BE(2);
  const candidates = [
    withLength(prefix, adjusted), // RFC 5389
    pad64(withLength(prefix, received)), // RFC 3489 as written: the message's own length, padded
    pad64(withLength(prefix, adjusted)), // RFC 3489 stacks that also adjust the length
    withLength(prefix, received), // stacks that neither pad nor adjust
  ];
  return candidates.some((c) => timingSafeEqual(hmac(key, c), expected)) ? "valid" : "invalid";
}

/** FINGERPRINT, when present, must be the last attribute and match (RFC 5389 §15.5). */
export function verifyFingerprint(raw: Buffer): IntegrityCheck {
  const fp = attributeOffsets(raw).find((a) => a.type === ATTR.FINGERPRINT);
  if (!fp) return "absent";
  if (fp.offset + FP_BYTES !== raw.length || raw.readUInt16BE(fp.offset + 2) !== 4) return "invalid";
  const value = (crc32(raw.subarray(0, fp.offset)) ^ FINGERPRINT_XOR) >>> 0;
  return value === raw.readUInt32BE(fp.offset + 4) ? "valid" : "invalid";
}

export interface SignOptions {
  /** short-term credential; no MESSAGE-INTEGRITY without it */
  key?: string;
  /** append FINGERPRINT (RFC 5389 form only: RFC 3489 has none) */
  fingerprint?: boolean;
}

/**
 * Serializes a message, then appends MESSAGE-INTEGRITY (RFC 5389 §15.4, or for the classic form the
 * RFC 3489 text padded to 64 bytes) and FINGERPRINT. Attributes of those types in `message` are dropped.
 */
export function signMessage(message: StunMessage, options: SignOptions): Buffer {
  const bare: StunMessage = {
    ...message,
    attributes: message.attributes.filter(
      (a) => a.type !== ATTR.MESSAGE_INTEGRITY && a.type !== ATTR.FINGERPRINT,
    ),
  };
  let out = serializeMessage(bare);
  if (options.key !== undefined) {
    const length = out.length - HEADER_BYTES + MI_BYTES;
    const text = withLength(out, length);
    const digest = hmac(options.key, message.classic ? pad64(text) : text);
    const attr = Buffer.alloc(4);
    attr.writeUInt16BE(ATTR.MESSAGE_INTEGRITY, 0);
    attr.writeUInt16BE(20, 2);
    out = Buffer.concat([withLength(out, length), attr, digest]);
  }
  if (options.fingerprint && !message.classic) {
    const text = withLength(out, out.length - HEADER_BYTES + FP_BYTES);
    const attr = Buffer.alloc(FP_BYTES);
    attr.writeUInt16BE(ATTR.FINGERPRINT, 0);
    attr.writeUInt16BE(4, 2);
    attr.writeUInt32BE((crc32(text) ^ FINGERPRINT_XOR) >>> 0, 4);
    out = Buffer.concat([text, attr]);
  }
  return out;
}
