// STUN attribute values (RFC 5389 §15, RFC 3489 §11.2, TR-111 Part 2 §2.2.1): each reader returns null on
// a malformed value instead of throwing, each writer returns the raw attribute for message.ts.
import { isIP } from "node:net";
import { MAGIC_COOKIE, type StunAttribute, type StunMessage } from "./message";

export const ATTR = {
  MAPPED_ADDRESS: 0x0001,
  /** RFC 3489 only; obsolete, never comprehension-required in practice but defined */
  RESPONSE_ADDRESS: 0x0002,
  CHANGE_REQUEST: 0x0003,
  USERNAME: 0x0006,
  MESSAGE_INTEGRITY: 0x0008,
  ERROR_CODE: 0x0009,
  UNKNOWN_ATTRIBUTES: 0x000a,
  XOR_MAPPED_ADDRESS: 0x0020,
  SOFTWARE: 0x8022,
  FINGERPRINT: 0x8028,
  /** TR-111: the request comes from a CPE's UDP connection-request port */
  CONNECTION_REQUEST_BINDING: 0xc001,
  /** TR-111: the CPE saw its mapping change since its last request */
  BINDING_CHANGE: 0xc002,
} as const;

/** TR-111's fixed CONNECTION-REQUEST-BINDING value: 20 bytes including the trailing space. */
export const TR111_BINDING_VALUE = "dslforum.org/TR-111 ";

/** Comprehension-required attributes (type < 0x8000) this server understands; others get a 420. */
const UNDERSTOOD = new Set<number>([
  ATTR.MAPPED_ADDRESS,
  ATTR.USERNAME,
  ATTR.MESSAGE_INTEGRITY,
  ATTR.ERROR_CODE,
  ATTR.UNKNOWN_ATTRIBUTES,
  ATTR.XOR_MAPPED_ADDRESS,
]);

export function unknownRequired(message: StunMessage): number[] {
  const out = message.attributes.map((a) => a.type).filter((t) => t < 0x8000 && !UNDERSTOOD.has(t));
  return [...new Set(out)];
}

export interface TransportAddress {
  address: string;
  port: number;
}

function ipBytes(address: string): Buffer | null {
  const version = isIP(address);
  if (version === 4) return Buffer.from(address.split(".").map(Number));
  if (version !== 6) return null;
  const [head = "", tail] = address.split("::");
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  let parts = groups(head);
  if (tail !== undefined) {
    const rest = groups(tail);
    parts = [...parts, ...Array<string>(8 - parts.length - rest.length).fill("0"), ...rest];
  }
  // An embedded IPv4 tail ("::ffff:1.2.3.4") becomes two groups.
  const last = parts[parts.length - 1] ?? "";
  if (last.includes(".")) {
    const v4 = last.split(".").map(Number);
    parts.splice(-1, 1, ((v4[0]! << 8) | v4[1]!).toString(16), ((v4[2]! << 8) | v4[3]!).toString(16));
  }
  const out = Buffer.alloc(16);
  parts.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

function ipText(bytes: Buffer): string {
  if (bytes.length === 4) return [...bytes].join(".");
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  // Shorten the longest run of zero groups (RFC 5952), as node:net prints addresses.
  const text = groups.join(":");
  const runs = [...text.matchAll(/(?:^|:)0(?::0)+(?:$|:)/g)];
  const longest = runs.sort((a, b) => b[0].length - a[0].length)[0];
  if (!longest) return text;
  const start = longest.index;
  return `${text.slice(0, start)}::${text.slice(start + longest[0].length)}`;
}

/** XOR mask for XOR-MAPPED-ADDRESS: the cookie, then (IPv6) the 96-bit transaction id. */
function xorMask(transactionId: Buffer): Buffer {
  const mask = Buffer.alloc(16);
  mask.writeUInt32BE(MAGIC_COOKIE, 0);
  transactionId.copy(mask, 4, 0, 12);
  return mask;
}

export function encodeAddress(
  type: number,
  target: TransportAddress,
  transactionId?: Buffer,
): StunAttribute | null {
  const ip = ipBytes(target.address);
  if (!ip || !Number.isInteger(target.port) || target.port < 0 || target.port > 0xffff) return null;
  const value = Buffer.alloc(4 + ip.length);
  value[1] = ip.length === 4 ? 0x01 : 0x02;
  if (transactionId) {
    const mask = xorMask(transactionId);
    value.writeUInt16BE(target.port ^ (MAGIC_COOKIE >>> 16), 2);
    for (let i = 0; i < ip.length; i++) value[4 + i] = ip[i]! ^ mask[i]!;
  } else {
    value.writeUInt16BE(target.port, 2);
    ip.copy(value, 4);
  }
  return { type, value };
}

/** MAPPED-ADDRESS (no transactionId) or XOR-MAPPED-ADDRESS (with the message's 12-byte id). */
export function decodeAddress(value: Buffer, transactionId?: Buffer): TransportAddress | null {
  if (value.length < 4) return null;
  const family = value[1];
  const length = family === 0x01 ? 4 : family === 0x02 ? 16 : 0;
  if (length === 0 || value.length !== 4 + length) return null;
  const ip = Buffer.from(value.subarray(4));
  let port = value.readUInt16BE(2);
  if (transactionId) {
    const mask = xorMask(transactionId);
    port ^= MAGIC_COOKIE >>> 16;
    for (let i = 0; i < ip.length; i++) ip[i] = ip[i]! ^ mask[i]!;
  }
  return { address: ipText(ip), port };
}

/** The address a response maps: XOR-MAPPED-ADDRESS when present (RFC 5389), else MAPPED-ADDRESS. */
export function mappedAddress(message: StunMessage): TransportAddress | null {
  const xor = message.attributes.find((a) => a.type === ATTR.XOR_MAPPED_ADDRESS);
  if (xor && !message.classic) return decodeAddress(xor.value, message.transactionId);
  const plain = message.attributes.find((a) => a.type === ATTR.MAPPED_ADDRESS);
  return plain ? decodeAddress(plain.value) : null;
}

export const text = (type: number, value: string): StunAttribute => ({
  type,
  value: Buffer.from(value, "utf8"),
});

/** USERNAME as the CPE meant it: classic stacks pad it to 4 bytes with NULs (or spaces). */
export function username(message: StunMessage): string | null {
  const raw = message.attributes.find((a) => a.type === ATTR.USERNAME)?.value;
  if (!raw || raw.length > 513) return null;
  return raw.toString("utf8").replace(/[\0 ]+$/, "");
}

export function errorCode(code: number, reason: string): StunAttribute {
  const phrase = Buffer.from(reason, "utf8");
  const value = Buffer.alloc(4 + phrase.length);
  value[2] = Math.floor(code / 100) & 0x07;
  value[3] = code % 100;
  phrase.copy(value, 4);
  return { type: ATTR.ERROR_CODE, value };
}

export function decodeErrorCode(value: Buffer): { code: number; reason: string } | null {
  if (value.length < 4) return null;
  const cls = value[2]! & 0x07;
  const number = value[3]!;
  if (cls < 3 || cls > 6 || number > 99) return null;
  return { code: cls * 100 + number, reason: value.subarray(4).toString("utf8") };
}

export function unknownAttributes(types: readonly number[]): StunAttribute {
  const value = Buffer.alloc(types.length * 2);
  types.forEach((t, i) => value.writeUInt16BE(t, i * 2));
  return { type: ATTR.UNKNOWN_ATTRIBUTES, value };
}

export function decodeUnknownAttributes(value: Buffer): number[] | null {
  if (value.length % 2 !== 0) return null;
  const out: number[] = [];
  for (let i = 0; i < value.length; i += 2) out.push(value.readUInt16BE(i));
  return out;
}

export const connectionRequestBinding = (): StunAttribute =>
  text(ATTR.CONNECTION_REQUEST_BINDING, TR111_BINDING_VALUE);
export const bindingChange = (): StunAttribute => ({ type: ATTR.BINDING_CHANGE, value: Buffer.alloc(0) });

export const has = (message: StunMessage, type: number): boolean =>
  message.attributes.some((a) => a.type === type);
