// ALC packets (RFC 5775): an LCT header, the FEC Payload ID of the FEC scheme named by the codepoint,
// then encoding symbols. Only FEC Encoding ID 0, Compact No-Code (RFC 5445), is spoken: its Payload ID
// is a 16-bit Source Block Number and a 16-bit Encoding Symbol ID, and its symbols are the object's
// bytes. Also the source block partitioning of RFC 5052 §9.1 both ends must agree on.
// (No "server-only": shared by the sender's worker and the simulator's receiver.)
import {
  decodeLctHeader,
  fail,
  type Decoded,
  type LctError,
  type LctHeader,
  type LctHeaderInput,
} from "./lct";
import { encodeLctHeader } from "./lct";
import type { FluteVersion } from "./types";

export const FEC_COMPACT_NO_CODE = 0;
const PAYLOAD_ID_BYTES = 4;
/** SBN and ESI are 16-bit in Compact No-Code. */
export const MAX_BLOCKS = 0x10000;
export const MAX_BLOCK_LENGTH = 0xffff;

export interface AlcPacket {
  header: LctHeader;
  sbn: number;
  esi: number;
  /** One or more consecutive encoding symbols (a view into the packet). */
  payload: Buffer;
}

export type AlcError = LctError | "codepoint";

export function decodeAlcPacket(buf: Buffer, flute: FluteVersion): Decoded<AlcPacket, AlcError> {
  const lct = decodeLctHeader(buf, flute);
  if (!lct.ok) return lct;
  const header = lct.value;
  if (header.codepoint !== FEC_COMPACT_NO_CODE)
    return fail(
      "codepoint",
      `FEC Encoding ID ${header.codepoint} is not supported (only 0, Compact No-Code)`,
    );
  if (buf.length < header.length + PAYLOAD_ID_BYTES)
    return fail("truncated", "packet ends inside the FEC Payload ID");
  return {
    ok: true,
    value: {
      header,
      sbn: buf.readUInt16BE(header.length),
      esi: buf.readUInt16BE(header.length + 2),
      payload: buf.subarray(header.length + PAYLOAD_ID_BYTES),
    },
  };
}

/** Header bytes (LCT + FEC Payload ID) to send before `payload`, e.g. with socket.send([head, payload]). */
export function encodeAlcHead(
  lct: Omit<LctHeaderInput, "codepoint">,
  sbn: number,
  esi: number,
  flute: FluteVersion,
): Buffer {
  if (sbn < 0 || sbn >= MAX_BLOCKS || esi < 0 || esi > MAX_BLOCK_LENGTH)
    throw new RangeError("SBN/ESI out of range");
  const header = encodeLctHeader({ ...lct, codepoint: FEC_COMPACT_NO_CODE }, flute);
  const head = Buffer.allocUnsafe(header.length + PAYLOAD_ID_BYTES);
  header.copy(head, 0);
  head.writeUInt16BE(sbn, header.length);
  head.writeUInt16BE(esi, header.length + 2);
  return head;
}

/** RFC 5052 §9.1 block partitioning of an object into source blocks. */
export interface Partition {
  transferLength: number;
  symbolSize: number;
  /** Total source symbols T = ceil(L / E). */
  symbols: number;
  /** Number of source blocks N. */
  blocks: number;
  /** The first `largeBlocks` blocks have `largeLength` symbols, the rest `smallLength`. */
  largeBlocks: number;
  largeLength: number;
  smallLength: number;
}

export function partition(transferLength: number, symbolSize: number, maxBlockLength: number): Partition {
  if (!Number.isSafeInteger(transferLength) || transferLength < 0) throw new RangeError("transfer length");
  if (!Number.isInteger(symbolSize) || symbolSize < 1 || symbolSize > 0xffff)
    throw new RangeError("symbol size");
  if (!Number.isInteger(maxBlockLength) || maxBlockLength < 1 || maxBlockLength > MAX_BLOCK_LENGTH)
    throw new RangeError("maximum source block length");
  const symbols = Math.ceil(transferLength / symbolSize);
  const blocks = Math.ceil(symbols / maxBlockLength);
  if (blocks > MAX_BLOCKS) throw new RangeError(`${blocks} source blocks exceed the 16-bit SBN`);
  if (blocks === 0)
    return { transferLength, symbolSize, symbols, blocks, largeBlocks: 0, largeLength: 0, smallLength: 0 };
  const largeLength = Math.ceil(symbols / blocks);
  const smallLength = Math.floor(symbols / blocks);
  return {
    transferLength,
    symbolSize,
    symbols,
    blocks,
    largeBlocks: symbols - smallLength * blocks,
    largeLength,
    smallLength,
  };
}

export function blockLength(p: Partition, sbn: number): number {
  if (sbn < 0 || sbn >= p.blocks) return 0;
  return sbn < p.largeBlocks ? p.largeLength : p.smallLength;
}

/** Index of the block's first symbol among all the object's symbols. */
export function blockStart(p: Partition, sbn: number): number {
  const large = Math.min(sbn, p.largeBlocks);
  return large * p.largeLength + (sbn - large) * p.smallLength;
}
