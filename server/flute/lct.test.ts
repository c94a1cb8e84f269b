// LCT header codec against hand-built byte layouts of RFC 5651 §5 (FLUTE v2) and RFC 3451 §5 (FLUTE v1).
import { describe, expect, it } from "vitest";
import { decodeLctHeader, encodeLctHeader } from "./lct";

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ""), "hex");

// V=1 C=0 PSI=0 S=1 O=1 H=0 Res=0 A=0 B=0 HDR_LEN=5 CP=0 | CCI | TSI=42 | TOI=0 | EXT_FDT(V=2, ID=7)
const V2_FDT = hex("10A00500 00000000 0000002A 00000000 C0200007");
// V=1 C=1 S=0 O=0 H=1 T=1 R=1 A=1 B=0 HDR_LEN=10 CP=0 | CCI 64 bits | TSI 16 bits=5 | TOI 16 bits=9 |
// SCT=256 | ERT=16 | EXT_FTI(HEL=4, L=65536, E=1428, B=64)
const V1_TIMES_FTI = hex(
  "141E0A00 00000000 00000001 0005 0009 00000100 00000010 4004 000000010000 0000 0594 00000040",
);

describe("LCT header (RFC 5651, FLUTE v2)", () => {
  it("reads the fixed fields and EXT_FDT", () => {
    const r = decodeLctHeader(V2_FDT, 2);
    expect(r).toMatchObject({ ok: true, value: { tsi: 42, toi: 0, codepoint: 0, length: 20 } });
    if (!r.ok) return;
    expect(r.value.fdt).toEqual({ version: 2, instanceId: 7 });
    expect(r.value.closeSession).toBe(false);
    expect(r.value.cci).toEqual(Buffer.alloc(4));
  });

  it("encodes exactly that layout", () => {
    expect(encodeLctHeader({ tsi: 42, toi: 0, codepoint: 0, fdt: { version: 2, instanceId: 7 } }, 2)).toEqual(
      V2_FDT,
    );
  });

  it("round-trips flags and every extension it writes", () => {
    const input = {
      tsi: 0xffffffff,
      toi: 0x12345678,
      codepoint: 0,
      closeSession: true,
      closeObject: true,
      fdt: { version: 2, instanceId: 0xfffff },
      cenc: 3,
      fti: { transferLength: 2 ** 40 + 5, encodingSymbolLength: 1428, maxSourceBlockLength: 65535 },
    };
    const r = decodeLctHeader(encodeLctHeader(input, 2), 2);
    expect(r.ok && r.value).toMatchObject({ ...input, unknownExtensions: [], length: 40 });
  });

  it("skips unknown and no-op extensions by their length", () => {
    // HDR_LEN=8: fixed 16 bytes + HET 100 HEL 2 (8 bytes) + HET 250 (4 bytes) + EXT_NOP HEL 1
    const r = decodeLctHeader(
      hex("10A00800 00000000 00000001 00000002 6402AAAA BBBBBBBB FA000000 0001FFFF"),
      2,
    );
    expect(r.ok && r.value.unknownExtensions).toEqual([100, 250]);
  });

  it("ignores RFC 3451's T/R bits (reserved in RFC 5651), so SCT/ERT words are not skipped", () => {
    const r = decodeLctHeader(V1_TIMES_FTI, 2);
    expect(r).toMatchObject({ ok: false, error: "extension" });
  });
});

describe("LCT header (RFC 3451, FLUTE v1)", () => {
  it("reads half-word TSI/TOI, a 64-bit CCI, SCT/ERT and EXT_FTI", () => {
    const r = decodeLctHeader(V1_TIMES_FTI, 1);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      tsi: 5,
      toi: 9,
      sct: 256,
      ert: 16,
      closeSession: true,
      closeObject: false,
    });
    expect(r.value.cci).toEqual(hex("0000000000000001"));
    expect(r.value.fti).toEqual({
      transferLength: 65536,
      encodingSymbolLength: 1428,
      maxSourceBlockLength: 64,
    });
  });

  it("writes SCT with T set", () => {
    const buf = encodeLctHeader({ tsi: 1, toi: 2, codepoint: 0, sct: 99 }, 1);
    expect(buf.readUInt32BE(0)).toBe(0x10a80500);
    const r = decodeLctHeader(buf, 1);
    expect(r.ok && r.value.sct).toBe(99);
  });

  it("reads a 48-bit TSI (S=1, H=1) and a 112-bit TOI that still fits 53 bits", () => {
    // S=1 O=3 H=1: TSI 6 bytes, TOI 14 bytes; HDR_LEN = (4+4+6+14)/4 = 7
    const r = decodeLctHeader(hex("10F00700 00000000 000000000101 00000000000000010000 00000001"), 1);
    expect(r.ok && [r.value.tsi, r.value.toi]).toEqual([257, 2 ** 48 + 1]);
  });
});

describe("LCT header, malformed input gives errors, never throws", () => {
  it.each([
    ["empty", "", "truncated"],
    ["three bytes", "10A005", "truncated"],
    ["HDR_LEN past the packet", "10A00800 00000000 0000002A 00000000", "truncated"],
    ["HDR_LEN shorter than the fixed part", "10A00200 00000000 0000002A 00000000", "hdr-len"],
    ["LCT version 2", "20A00400 00000000 0000002A 00000000", "version"],
    ["extension with HEL 0", "10A00500 00000000 0000002A 00000000 40000000", "extension"],
    ["extension past HDR_LEN", "10A00500 00000000 0000002A 00000000 40040000", "extension"],
    ["EXT_FTI too short", "10A00600 00000000 0000002A 00000000 40020000 00000000", "extension"],
    ["no TSI", "10000300 00000000 00000000", "unsupported"],
    ["TOI beyond 2^53", "10E00600 00000000 00000001 FFFFFFFFFFFFFFFFFFFFFFFF", "unsupported"],
  ])("%s", (_name, bytes, error) => {
    expect(decodeLctHeader(hex(bytes), 2)).toMatchObject({ ok: false, error });
  });

  it("survives random bytes", () => {
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    for (let i = 0; i < 2000; i++) {
      const buf = Buffer.from(Array.from({ length: rand() % 64 }, rand));
      if (buf.length) buf[0] = 0x10 | (buf[0]! & 0x0f);
      expect(() => decodeLctHeader(buf, (i % 2) + 1 === 1 ? 1 : 2)).not.toThrow();
    }
  });
});
