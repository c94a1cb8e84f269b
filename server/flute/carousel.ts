// What one carousel pass sends, as packets (head + payload views), without sockets or timers: the FDT
// Instance (object TOI 0, with EXT_FDT and EXT_FTI so a receiver can rebuild it with no other
// knowledge), then every symbol of every source block of the file, with the FDT again every
// `fdtEvery` packets so a receiver that joins mid-pass learns the file soon. The file is read block by
// block through `readBlock`, so memory stays at one block whatever the image size.
import { blockLength, blockStart, encodeAlcHead, partition, type Partition } from "./alc";
import type { FluteVersion } from "./types";

export interface CarouselOptions {
  tsi: number;
  toi: number;
  version: FluteVersion;
  symbolSize: number;
  maxBlockLength: number;
  transferLength: number;
  fdt: Buffer;
  fdtInstanceId: number;
  /** Data packets between FDT repetitions. */
  fdtEvery: number;
  /** Reads `length` bytes of the file at `offset`; the returned buffer must not be reused afterwards. */
  readBlock: (offset: number, length: number) => Buffer;
}

export type Packet = [head: Buffer, payload: Buffer];

export class Carousel {
  readonly file: Partition;
  readonly fdtLayout: Partition;
  private readonly fdtPackets: Packet[];

  constructor(private readonly o: CarouselOptions) {
    this.file = partition(o.transferLength, o.symbolSize, o.maxBlockLength);
    this.fdtLayout = partition(o.fdt.length, o.symbolSize, o.maxBlockLength);
    this.fdtPackets = [];
    const fti = {
      transferLength: o.fdt.length,
      encodingSymbolLength: o.symbolSize,
      maxSourceBlockLength: o.maxBlockLength,
    };
    this.forEachSymbol(this.fdtLayout, (sbn, esi, offset, length) => {
      const head = encodeAlcHead(
        { tsi: o.tsi, toi: 0, fdt: { version: o.version, instanceId: o.fdtInstanceId }, fti },
        sbn,
        esi,
        o.version,
      );
      this.fdtPackets.push([head, o.fdt.subarray(offset, offset + length)]);
    });
  }

  /** Packets in one pass (FDT repetitions included). */
  get packetsPerPass(): number {
    const repeats = 1 + Math.floor(Math.max(0, this.file.symbols - 1) / this.o.fdtEvery);
    return this.file.symbols + repeats * this.fdtPackets.length;
  }

  /** One pass, lazily: the file is read one source block at a time. */
  *pass(): Generator<Packet> {
    const { o } = this;
    let sinceFdt = 0;
    yield* this.fdtPackets;
    for (let sbn = 0; sbn < this.file.blocks; sbn++) {
      const symbols = blockLength(this.file, sbn);
      const offset = blockStart(this.file, sbn) * o.symbolSize;
      const length = Math.min(symbols * o.symbolSize, o.transferLength - offset);
      const block = o.readBlock(offset, length);
      for (let esi = 0; esi < symbols; esi++) {
        if (sinceFdt === o.fdtEvery) {
          yield* this.fdtPackets;
          sinceFdt = 0;
        }
        const head = encodeAlcHead({ tsi: o.tsi, toi: o.toi }, sbn, esi, o.version);
        yield [head, block.subarray(esi * o.symbolSize, Math.min((esi + 1) * o.symbolSize, length))];
        sinceFdt++;
      }
    }
  }

  private forEachSymbol(
    p: Partition,
    fn: (sbn: number, esi: number, offset: number, length: number) => void,
  ): void {
    for (let sbn = 0; sbn < p.blocks; sbn++) {
      const start = blockStart(p, sbn) * p.symbolSize;
      for (let esi = 0; esi < blockLength(p, sbn); esi++) {
        const offset = start + esi * p.symbolSize;
        fn(sbn, esi, offset, Math.min(p.symbolSize, p.transferLength - offset));
      }
    }
  }
}
