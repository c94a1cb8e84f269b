// ALC packets with the Compact No-Code FEC Payload ID (RFC 5445 §2.1) and RFC 5052 §9.1 partitioning.
import { describe, expect, it } from "vitest";
import { blockLength, blockStart, decodeAlcPacket, encodeAlcHead, partition } from "./alc";

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ""), "hex");

describe("ALC packet, FEC Encoding ID 0", () => {
  it("reads SBN 16 + ESI 16 after the LCT header, then the symbol", () => {
    const packet = hex("10A00400 00000000 00000007 00000001 0003 0102 DEADBEEF");
    const r = decodeAlcPacket(packet, 2);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([r.value.header.tsi, r.value.header.toi, r.value.sbn, r.value.esi]).toEqual([7, 1, 3, 0x102]);
    expect(r.value.payload).toEqual(hex("DEADBEEF"));
  });

  it("round-trips a head built by the sender", () => {
    const head = encodeAlcHead({ tsi: 9, toi: 2, closeObject: true }, 65535, 65535, 1);
    const r = decodeAlcPacket(Buffer.concat([head, Buffer.from("xy")]), 1);
    expect(
      r.ok && [r.value.sbn, r.value.esi, r.value.header.closeObject, r.value.payload.toString()],
    ).toEqual([65535, 65535, true, "xy"]);
  });

  it("refuses other FEC encoding ids and a cut FEC Payload ID", () => {
    expect(decodeAlcPacket(hex("10A00406 00000000 00000007 00000001 0003 0102"), 2)).toMatchObject({
      ok: false,
      error: "codepoint",
    });
    expect(decodeAlcPacket(hex("10A00400 00000000 00000007 00000001 0003"), 2)).toMatchObject({
      ok: false,
      error: "truncated",
    });
  });
});

describe("source block partitioning (RFC 5052 §9.1)", () => {
  it("splits into A_large and A_small blocks", () => {
    // L = 10,000 bytes, E = 100 → T = 100 symbols; B = 30 → N = 4, A_large = 25, A_small = 25, I = 0
    expect(partition(10_000, 100, 30)).toMatchObject({
      symbols: 100,
      blocks: 4,
      largeLength: 25,
      smallLength: 25,
    });
    // L = 10,001 → T = 101; N = 4; A_large = 26, A_small = 25, I = 101 - 100 = 1
    const p = partition(10_001, 100, 30);
    expect(p).toMatchObject({ symbols: 101, blocks: 4, largeBlocks: 1, largeLength: 26, smallLength: 25 });
    expect([0, 1, 2, 3].map((b) => blockLength(p, b))).toEqual([26, 25, 25, 25]);
    expect([0, 1, 2, 3].map((b) => blockStart(p, b))).toEqual([0, 26, 51, 76]);
    expect(blockLength(p, 4)).toBe(0);
  });

  it("handles the empty object and refuses more blocks than the 16-bit SBN holds", () => {
    expect(partition(0, 1428, 64)).toMatchObject({ symbols: 0, blocks: 0 });
    expect(() => partition(70_000 * 2, 1, 2)).toThrow(RangeError);
    expect(() => partition(10, 0, 64)).toThrow(RangeError);
  });
});
