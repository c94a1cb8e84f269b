// STUN message codec (RFC 5389 §6 and the classic RFC 3489 form TR-111 CPEs still speak). Pure: bytes in,
// a value or a typed error out; never throws on input from the network. The two forms share the header
// layout; RFC 5389 puts the magic cookie in the first 4 bytes of what RFC 3489 called a 128-bit
// transaction id, so a message is "classic" when those bytes are not the cookie. Attributes are kept as
// raw type/value pairs here; attributes.ts reads and writes their values, integrity.ts signs them.
// (No "server-only": the simulator's CPE side uses the same codec.)

export const MAGIC_COOKIE = 0x2112a442;
export const HEADER_BYTES = 20;
/** Larger than any Binding Request a CPE sends; anything bigger is not STUN we answer (and unbounded work). */
export const MAX_MESSAGE_BYTES = 1500;
const MAX_ATTRIBUTES = 64;

export const METHOD_BINDING = 0x001;

export type StunClass = "request" | "indication" | "success" | "error";
const CLASS_BITS: Record<StunClass, number> = {
  request: 0x000,
  indication: 0x010,
  success: 0x100,
  error: 0x110,
};

export interface StunAttribute {
  type: number;
  value: Buffer;
}

export interface StunMessage {
  method: number;
  cls: StunClass;
  /** RFC 5389: the magic cookie is present and `transactionId` is 12 bytes; classic: 16 bytes. */
  classic: boolean;
  transactionId: Buffer;
  attributes: StunAttribute[];
}

export type StunParseError =
  "too-short" | "too-long" | "not-stun" | "length-mismatch" | "truncated-attribute" | "too-many-attributes";

export type StunParseResult = { ok: true; message: StunMessage } | { ok: false; error: StunParseError };

const pad4 = (n: number): number => (n + 3) & ~3;

/** The 14-bit message type field: method bits interleaved with the two class bits (RFC 5389 §6). */
export function messageType(method: number, cls: StunClass): number {
  const m = method & 0xfff;
  return ((m & 0xf80) << 2) | ((m & 0x070) << 1) | (m & 0x00f) | CLASS_BITS[cls];
}

function splitType(type: number): { method: number; cls: StunClass } {
  const method = ((type & 0x3e00) >> 2) | ((type & 0x00e0) >> 1) | (type & 0x000f);
  const bits = type & 0x0110;
  const cls = (Object.keys(CLASS_BITS) as StunClass[]).find((c) => CLASS_BITS[c] === bits) ?? "request";
  return { method, cls };
}

/** Does this datagram start like a STUN message? (Top two bits zero; the UDP connection request is "GET".) */
export function looksLikeStun(buf: Buffer): boolean {
  return buf.length >= HEADER_BYTES && (buf[0]! & 0xc0) === 0;
}

export function parseMessage(buf: Buffer): StunParseResult {
  if (buf.length < HEADER_BYTES) return { ok: false, error: "too-short" };
  if (buf.length > MAX_MESSAGE_BYTES) return { ok: false, error: "too-long" };
  if (!looksLikeStun(buf)) return { ok: false, error: "not-stun" };
  const length = buf.readUInt16BE(2);
  if (length !== buf.length - HEADER_BYTES) return { ok: false, error: "length-mismatch" };
  const classic = buf.readUInt32BE(4) !== MAGIC_COOKIE;
  // RFC 5389 messages are 4-byte aligned; a misaligned one with the cookie is not a valid STUN message.
  if (!classic && length % 4 !== 0) return { ok: false, error: "length-mismatch" };
  const { method, cls } = splitType(buf.readUInt16BE(0));
  const attributes: StunAttribute[] = [];
  let offset = HEADER_BYTES;
  while (offset < buf.length) {
    if (attributes.length >= MAX_ATTRIBUTES) return { ok: false, error: "too-many-attributes" };
    if (offset + 4 > buf.length) return { ok: false, error: "truncated-attribute" };
    const type = buf.readUInt16BE(offset);
    const len = buf.readUInt16BE(offset + 2);
    if (offset + 4 + len > buf.length) return { ok: false, error: "truncated-attribute" };
    attributes.push({ type, value: Buffer.from(buf.subarray(offset + 4, offset + 4 + len)) });
    // Classic stacks do not always pad the last attribute; padding past the end is tolerated there only.
    const next = offset + 4 + pad4(len);
    if (next > buf.length && !classic) return { ok: false, error: "truncated-attribute" };
    offset = Math.min(next, buf.length);
  }
  return {
    ok: true,
    message: {
      method,
      cls,
      classic,
      transactionId: Buffer.from(buf.subarray(classic ? 4 : 8, HEADER_BYTES)),
      attributes,
    },
  };
}

/** Header plus attributes, each padded to 4 bytes with zeros; the length field covers all of them. */
export function serializeMessage(message: StunMessage): Buffer {
  const parts: Buffer[] = [];
  for (const a of message.attributes) parts.push(encodeAttribute(a));
  const body = Buffer.concat(parts);
  return Buffer.concat([header(message, body.length), body]);
}

export function encodeAttribute(a: StunAttribute): Buffer {
  const out = Buffer.alloc(4 + pad4(a.value.length));
  out.writeUInt16BE(a.type, 0);
  out.writeUInt16BE(a.value.length, 2);
  a.value.copy(out, 4);
  return out;
}

export function header(
  message: Pick<StunMessage, "method" | "cls" | "classic" | "transactionId">,
  length: number,
): Buffer {
  const h = Buffer.alloc(HEADER_BYTES);
  h.writeUInt16BE(messageType(message.method, message.cls), 0);
  h.writeUInt16BE(length, 2);
  if (message.classic) message.transactionId.copy(h, 4, 0, 16);
  else {
    h.writeUInt32BE(MAGIC_COOKIE, 4);
    message.transactionId.copy(h, 8, 0, 12);
  }
  return h;
}

export function attribute(message: StunMessage, type: number): Buffer | undefined {
  return message.attributes.find((a) => a.type === type)?.value;
}
