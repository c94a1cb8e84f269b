// Object reassembly from symbols arriving lost, duplicated and reordered over several carousel passes.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { blockLength, partition } from "./alc";
import { ObjectAssembly, ObjectTooLargeError } from "./reassembly";

function symbolsOf(
  data: Buffer,
  symbolSize: number,
  maxBlock: number,
): { sbn: number; esi: number; payload: Buffer }[] {
  const p = partition(data.length, symbolSize, maxBlock);
  const out = [];
  let offset = 0;
  for (let sbn = 0; sbn < p.blocks; sbn++)
    for (let esi = 0; esi < blockLength(p, sbn); esi++, offset += symbolSize)
      out.push({ sbn, esi, payload: data.subarray(offset, Math.min(offset + symbolSize, data.length)) });
  return out;
}

function prng(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

const md5 = (b: Buffer): string => createHash("md5").update(b).digest("base64");

describe("ObjectAssembly", () => {
  const data = Buffer.from(Array.from({ length: 100_003 }, (_, i) => (i * 7 + (i >> 8)) & 0xff));

  it("rebuilds in order", () => {
    const a = new ObjectAssembly(data.length, 1000, 16, 1e6);
    for (const s of symbolsOf(data, 1000, 16)) expect(a.add(s.sbn, s.esi, s.payload)).toBe("new");
    expect(a.complete).toBe(true);
    expect(md5(a.result())).toBe(md5(data));
  });

  it("rebuilds with 20 % loss per pass, duplicates and reordering, across passes", () => {
    const rand = prng(42);
    const a = new ObjectAssembly(data.length, 1000, 16, 1e6);
    const all = symbolsOf(data, 1000, 16);
    let passes = 0;
    while (!a.complete && passes < 50) {
      passes++;
      const pass = all.filter(() => rand() > 0.2);
      for (let i = pass.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [pass[i], pass[j]] = [pass[j]!, pass[i]!];
      }
      for (const s of pass) {
        a.add(s.sbn, s.esi, s.payload);
        if (rand() < 0.1) expect(a.add(s.sbn, s.esi, s.payload)).toBe("duplicate");
      }
    }
    expect(a.complete).toBe(true);
    expect(passes).toBeGreaterThan(1);
    expect(a.duplicates).toBeGreaterThan(0);
    expect(a.result().equals(data)).toBe(true);
  });

  it("takes several consecutive symbols in one packet", () => {
    const a = new ObjectAssembly(2500, 1000, 4, 1e6);
    expect(a.add(0, 0, data.subarray(0, 2000))).toBe("new");
    expect(a.add(0, 1, data.subarray(1000, 2500))).toBe("new");
    expect(a.result().equals(data.subarray(0, 2500))).toBe(true);
  });

  it("refuses symbols outside the object or of the wrong size", () => {
    const a = new ObjectAssembly(2500, 1000, 2, 1e6); // blocks: [2, 1] symbols
    expect(a.add(1, 1, Buffer.alloc(500))).toBe("invalid"); // block 1 has one symbol
    expect(a.add(2, 0, Buffer.alloc(1000))).toBe("invalid"); // no block 2
    expect(a.add(0, 0, Buffer.alloc(999))).toBe("invalid"); // short symbol in the middle
    expect(a.add(1, 0, Buffer.alloc(1000))).toBe("invalid"); // the last symbol is 500 bytes
    expect(a.add(0, 1, Buffer.alloc(2000))).toBe("invalid"); // runs past the block
    expect(a.add(0, 0, Buffer.alloc(0))).toBe("invalid");
    expect(a.symbolsReceived).toBe(0);
  });

  it("refuses an object over the limit before allocating", () => {
    expect(() => new ObjectAssembly(2 ** 40, 1428, 64, 50e6)).toThrow(ObjectTooLargeError);
  });
});
