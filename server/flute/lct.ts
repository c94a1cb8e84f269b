// LCT header codec: RFC 5651 (the LCT of FLUTE v2) and RFC 3451 (the LCT of FLUTE v1). Both carry LCT
// version 1 in V; they differ in two bits: RFC 3451 has T and R flags announcing the Sender Current Time
// and Expected Residual Time words after the TOI, RFC 5651 reserves those bits (EXT_TIME replaces them).
// Word 0:  V(4) C(2) PSI(2) S(1) O(2) H(1) T/Res(1) R/Res(1) A(1) B(1) HDR_LEN(8) CP(8)
// then CCI (32·(C+1) bits), TSI (32·S + 16·H bits), TOI (32·O + 16·H bits), [SCT] [ERT] (v1), header
// extensions up to HDR_LEN words. Pure: bytes in, a value or a typed error out; never throws on input.
// (No "server-only": the simulator's receiver and the sender's worker use it.)
import type { FluteVersion } from "./types";

export const LCT_VERSION = 1;
export const HET_NOP = 0;
export const HET_AUTH = 1;
export const HET_TIME = 2;
export const HET_FTI = 64;
export const HET_FDT = 192;
export const HET_CENC = 193;
const MAX_20_BITS = 0xfffff;

export interface FdtExtension {
  /** FLUTE version carried in EXT_FDT: 1 = RFC 3926, 2 = RFC 6726. */
  version: number;
  instanceId: number;
}

/** Compact No-Code FEC OTI as carried in EXT_FTI (RFC 5445 §3.1.1 in RFC 5775's EXT_FTI). */
export interface FtiExtension {
  transferLength: number;
  encodingSymbolLength: number;
  maxSourceBlockLength: number;
}

export interface LctHeader {
  /** Congestion control information, (C+1)·4 bytes. */
  cci: Buffer;
  /** PSI, protocol specific (ALC: bit 1 is the Source Packet Indicator). */
  psi: number;
  tsi: number;
  toi: number;
  closeSession: boolean;
  closeObject: boolean;
  /** ALC: the FEC Encoding ID. */
  codepoint: number;
  /** RFC 3451 only: Sender Current Time / Expected Residual Time (when T / R were set). */
  sct?: number;
  ert?: number;
  fdt?: FdtExtension;
  /** EXT_CENC: 0 null, 1 ZLIB, 2 DEFLATE, 3 GZIP. */
  cenc?: number;
  fti?: FtiExtension;
  /** EXT_TIME content, kept raw (FLUTE does not need it to deliver a file). */
  time?: Buffer;
  /** HETs seen but not understood (skipped by their length). */
  unknownExtensions: number[];
  /** Header length in bytes (HDR_LEN · 4): where the FEC Payload ID starts. */
  length: number;
}

export type LctError =
  | "truncated" // fewer bytes than the header says
  | "version" // LCT version is not 1
  | "hdr-len" // HDR_LEN smaller than the fixed part or past the packet
  | "extension" // a header extension with HEL 0, past HDR_LEN, or malformed content
  | "unsupported"; // TSI/TOI wider than this implementation reads (no TSI, or TOI > 2^53)

export type Decoded<T, E extends string> = { ok: true; value: T } | { ok: false; error: E; message: string };

export const fail = <E extends string>(
  error: E,
  message: string,
): { ok: false; error: E; message: string } => ({
  ok: false,
  error,
  message,
});

/** Unsigned big-endian integer of `bytes` ≤ 6 at `offset`, or undefined for 7-14 bytes that exceed 2^53. */
function readUint(buf: Buffer, offset: number, bytes: number): number | undefined {
  if (bytes === 0) return 0;
  if (bytes <= 6) return buf.readUIntBE(offset, bytes);
  let high = 0;
  for (let i = 0; i < bytes - 6; i++) high = high * 256 + buf[offset + i]!;
  if (high >= 32) return undefined; // 2^(48+5) = 2^53
  return high * 2 ** 48 + buf.readUIntBE(offset + bytes - 6, 6);
}

function parseExtensions(buf: Buffer, start: number, end: number, h: LctHeader): string | undefined {
  let at = start;
  while (at < end) {
    const het = buf[at]!;
    const len = het >= 128 ? 4 : buf[at + 1]! * 4;
    if (len === 0) return `extension ${het} has HEL 0`;
    if (at + len > end) return `extension ${het} runs past HDR_LEN`;
    if (het === HET_FDT)
      h.fdt = { version: buf[at + 1]! >> 4, instanceId: buf.readUIntBE(at + 1, 3) & MAX_20_BITS };
    else if (het === HET_CENC) h.cenc = buf[at + 1]!;
    else if (het === HET_FTI) {
      if (len < 16) return `EXT_FTI of ${len} bytes is too short for the Compact No-Code OTI`;
      h.fti = {
        transferLength: buf.readUIntBE(at + 2, 6),
        encodingSymbolLength: buf.readUInt16BE(at + 10),
        maxSourceBlockLength: buf.readUInt32BE(at + 12),
      };
    } else if (het === HET_TIME) h.time = Buffer.from(buf.subarray(at + 2, at + len));
    else if (het !== HET_NOP && het !== HET_AUTH) h.unknownExtensions.push(het);
    at += len;
  }
  return undefined;
}

/**
 * Decodes the LCT header at the start of `buf`. `flute` = 1 reads RFC 3451's T/R words; 2 ignores the
 * reserved bits as RFC 5651 asks.
 */
export function decodeLctHeader(buf: Buffer, flute: FluteVersion): Decoded<LctHeader, LctError> {
  if (buf.length < 4) return fail("truncated", `${buf.length} bytes, an LCT header needs at least 4`);
  const w = buf.readUInt32BE(0);
  const v = w >>> 28;
  if (v !== LCT_VERSION) return fail("version", `LCT version ${v}`);
  const c = (w >>> 26) & 3;
  const s = (w >>> 23) & 1;
  const o = (w >>> 21) & 3;
  const hBit = (w >>> 20) & 1;
  const t = flute === 1 ? (w >>> 19) & 1 : 0;
  const r = flute === 1 ? (w >>> 18) & 1 : 0;
  const length = ((w >>> 8) & 0xff) * 4;
  const cciBytes = 4 * (c + 1);
  const tsiBytes = 4 * s + 2 * hBit;
  const toiBytes = 4 * o + 2 * hBit;
  const fixed = 4 + cciBytes + tsiBytes + toiBytes + 4 * (t + r);
  if (length < fixed)
    return fail("hdr-len", `HDR_LEN ${length / 4} words is shorter than the fixed ${fixed / 4}`);
  if (length > buf.length)
    return fail("truncated", `HDR_LEN ${length} bytes but the packet has ${buf.length}`);
  if (tsiBytes === 0) return fail("unsupported", "no TSI (FLUTE requires one)");
  let at = 4 + cciBytes;
  const tsi = readUint(buf, at, tsiBytes)!;
  at += tsiBytes;
  const toi = readUint(buf, at, toiBytes);
  if (toi === undefined) return fail("unsupported", "TOI wider than 53 bits");
  at += toiBytes;
  const h: LctHeader = {
    cci: Buffer.from(buf.subarray(4, 4 + cciBytes)),
    psi: (w >>> 24) & 3,
    tsi,
    toi,
    closeSession: ((w >>> 17) & 1) === 1,
    closeObject: ((w >>> 16) & 1) === 1,
    codepoint: w & 0xff,
    unknownExtensions: [],
    length,
  };
  if (t) h.sct = buf.readUInt32BE((at += 4) - 4);
  if (r) h.ert = buf.readUInt32BE((at += 4) - 4);
  const bad = parseExtensions(buf, at, length, h);
  return bad === undefined ? { ok: true, value: h } : fail("extension", bad);
}

export interface LctHeaderInput {
  tsi: number;
  toi: number;
  codepoint: number;
  closeSession?: boolean;
  closeObject?: boolean;
  fdt?: FdtExtension;
  cenc?: number;
  fti?: FtiExtension;
  /** RFC 3451 only (FLUTE v1): Sender Current Time, sets T. */
  sct?: number;
}

/**
 * Encodes an LCT header with a 32-bit CCI of 0, a 32-bit TSI and a 32-bit TOI (S=1, O=1, H=0), the form
 * deployed FLUTE receivers (v1 and v2) read. Throws on out-of-range input: it comes from our own sender.
 */
export function encodeLctHeader(input: LctHeaderInput, flute: FluteVersion): Buffer {
  const u32 = (n: number, what: string): number => {
    if (!Number.isInteger(n) || n < 0 || n > 0xffff_ffff) throw new RangeError(`${what} ${n} is not 32-bit`);
    return n;
  };
  const withSct = flute === 1 && input.sct !== undefined;
  const extBytes = (input.fdt ? 4 : 0) + (input.cenc !== undefined ? 4 : 0) + (input.fti ? 16 : 0);
  const length = 16 + (withSct ? 4 : 0) + extBytes;
  const buf = Buffer.alloc(length);
  const flags =
    (LCT_VERSION << 28) |
    (1 << 23) | // S: 32-bit TSI
    (1 << 21) | // O=1: 32-bit TOI
    (withSct ? 1 << 19 : 0) |
    (input.closeSession ? 1 << 17 : 0) |
    (input.closeObject ? 1 << 16 : 0) |
    ((length / 4) << 8) |
    (input.codepoint & 0xff);
  buf.writeUInt32BE(flags >>> 0, 0);
  buf.writeUInt32BE(u32(input.tsi, "TSI"), 8);
  buf.writeUInt32BE(u32(input.toi, "TOI"), 12);
  let at = 16;
  if (withSct) at = buf.writeUInt32BE(u32(input.sct!, "SCT"), at);
  if (input.fdt) {
    if (input.fdt.instanceId < 0 || input.fdt.instanceId > MAX_20_BITS)
      throw new RangeError("FDT Instance ID");
    buf.writeUInt32BE(((HET_FDT << 24) | ((input.fdt.version & 0xf) << 20) | input.fdt.instanceId) >>> 0, at);
    at += 4;
  }
  if (input.cenc !== undefined) {
    buf[at] = HET_CENC;
    buf[at + 1] = input.cenc;
    at += 4;
  }
  if (input.fti) {
    buf[at] = HET_FTI;
    buf[at + 1] = 4;
    buf.writeUIntBE(input.fti.transferLength, at + 2, 6);
    buf.writeUInt16BE(input.fti.encodingSymbolLength, at + 10);
    buf.writeUInt32BE(input.fti.maxSourceBlockLength, at + 12);
  }
  return buf;
}
