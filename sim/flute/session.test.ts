// The receiving state machine fed with what the sender's carousel produces, without sockets: loss,
// duplication and reordering across passes, the FDT arriving late, other sessions, size limits.
import { createHash, randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { encodeAlcHead } from "../../server/flute/alc";
import { describe, expect, it } from "vitest";
import { Carousel } from "../../server/flute/carousel";
import { buildFdtInstance } from "../../server/flute/fdt";
import type { FluteVersion } from "../../server/flute/types";
import { createRng } from "../prng";
import { FluteSessionReceiver } from "./session";

const data = randomBytes(200_003);
const md5 = createHash("md5").update(data).digest("base64");

function carousel(version: FluteVersion, tsi = 5): Carousel {
  const fdt = buildFdtInstance(
    {
      expires: Date.now() + 60_000,
      files: [
        {
          contentLocation: "fw.bin",
          toi: 3,
          transferLength: data.length,
          contentMd5: md5,
          fecEncodingId: 0,
          maxSourceBlockLength: 16,
          encodingSymbolLength: 1000,
        },
      ],
    },
    version,
  );
  return new Carousel({
    tsi,
    toi: 3,
    version,
    symbolSize: 1000,
    maxBlockLength: 16,
    transferLength: data.length,
    fdt,
    fdtInstanceId: 1,
    fdtEvery: 50,
    readBlock: (offset, length) => data.subarray(offset, offset + length),
  });
}

const packets = (c: Carousel): Buffer[] =>
  [...c.pass()].map(([head, payload]) => Buffer.concat([head, payload]));

describe("FluteSessionReceiver", () => {
  it.each([1, 2] as const)("rebuilds a v%s file in one clean pass", (v) => {
    const c = carousel(v);
    const all = packets(c);
    expect(all.length).toBe(c.packetsPerPass);
    const r = new FluteSessionReceiver({ tsi: 5, maxBytes: 1e6, version: v });
    const statuses = all.map((p) => r.handle(p));
    expect(statuses.at(-1)).toBe("complete");
    expect(r.assembly!.result().equals(data)).toBe(true);
    expect(r.file).toMatchObject({ contentLocation: "fw.bin", toi: 3, contentMd5: md5 });
    expect(r.passesSeen).toBe(1);
  });

  it("joins mid-pass, loses 10 %, sees duplicates and reordering, completes over later passes", () => {
    const rng = createRng("session");
    const all = packets(carousel(2));
    const r = new FluteSessionReceiver({ tsi: 5, maxBytes: 1e6 });
    let status;
    let pass = 0;
    for (; pass < 20 && status !== "complete"; pass++) {
      const start = pass === 0 ? Math.floor(all.length / 2) : 0;
      const batch = all.slice(start).filter(() => !rng.chance(0.1));
      for (let i = 0; i + 1 < batch.length; i += 2)
        if (rng.chance(0.2)) [batch[i], batch[i + 1]] = [batch[i + 1]!, batch[i]!];
      for (const p of batch) {
        status = r.handle(p) ?? status;
        if (rng.chance(0.05)) r.handle(p);
        if (status === "complete") break;
      }
    }
    expect(status).toBe("complete");
    expect(pass).toBeGreaterThan(1);
    expect(r.passesSeen).toBeGreaterThan(1);
    expect(r.duplicates).toBeGreaterThan(0);
    expect(r.assembly!.result().equals(data)).toBe(true);
  });

  it("ignores other sessions, other files and garbage", () => {
    const r = new FluteSessionReceiver({ tsi: 6, maxBytes: 1e6 });
    for (const p of packets(carousel(2, 5))) expect(r.handle(p)).toBeUndefined();
    expect(r.packets).toBe(0);
    const other = new FluteSessionReceiver({ tsi: 5, toi: 4, maxBytes: 1e6 });
    for (const p of packets(carousel(2))) other.handle(p);
    expect(other.assembly).toBeUndefined();
    expect(r.handle(Buffer.from("not a FLUTE packet at all"))).toBeUndefined();
  });

  it("says too-large when the FDT announces more than maxBytes, before allocating", () => {
    const r = new FluteSessionReceiver({ tsi: 5, maxBytes: 100_000 });
    const statuses = packets(carousel(2)).map((p) => r.handle(p));
    expect(statuses).toContain("too-large");
    expect(r.assembly).toBeUndefined();
  });

  it("reads a gzip-encoded FDT Instance (EXT_CENC 3)", () => {
    const xml = gzipSync(
      buildFdtInstance(
        {
          expires: Date.now() + 60_000,
          files: [
            {
              contentLocation: "a",
              toi: 2,
              transferLength: 3,
              encodingSymbolLength: 8,
              maxSourceBlockLength: 4,
            },
          ],
        },
        2,
      ),
    );
    const fti = { transferLength: xml.length, encodingSymbolLength: xml.length, maxSourceBlockLength: 1 };
    const head = encodeAlcHead({ tsi: 1, toi: 0, fdt: { version: 2, instanceId: 0 }, cenc: 3, fti }, 0, 0, 2);
    const r = new FluteSessionReceiver({ tsi: 1, maxBytes: 10 });
    expect(r.handle(Buffer.concat([head, xml]))).toBeUndefined();
    expect(r.file).toMatchObject({ contentLocation: "a", toi: 2 });
    expect(r.handle(Buffer.concat([encodeAlcHead({ tsi: 1, toi: 2 }, 0, 0, 2), Buffer.from("abc")]))).toBe(
      "complete",
    );
    expect(r.assembly!.result().toString()).toBe("abc");
  });

  it("survives random and mutated packets", () => {
    const rng = createRng("fuzz");
    const all = packets(carousel(2));
    const r = new FluteSessionReceiver({ tsi: 5, maxBytes: 1e6 });
    for (let i = 0; i < 5_000; i++) {
      const p = Buffer.from(all[rng.int(0, all.length - 1)]!);
      for (let k = rng.int(1, 4); k > 0; k--) p[rng.int(0, Math.min(p.length - 1, 40))] = rng.int(0, 255);
      const cut = rng.chance(0.3) ? p.subarray(0, rng.int(0, p.length)) : p;
      expect(() => r.handle(cut)).not.toThrow();
    }
  });
});
