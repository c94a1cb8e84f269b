// Rebuilds one transport object (a file, or an FDT Instance) from Compact No-Code symbols that arrive
// lost, duplicated and out of order across carousel passes. Memory is bounded by the caller's limit:
// the transfer length is checked against it before the buffer is allocated, and one bit of state per
// symbol is all that is kept besides the object itself.
// (No "server-only": the simulator's receiver uses it.)
import { blockLength, blockStart, partition, type Partition } from "./alc";

export type SymbolResult = "new" | "duplicate" | "invalid";

export class ObjectTooLargeError extends Error {
  constructor(
    readonly transferLength: number,
    readonly maxBytes: number,
  ) {
    super(`object of ${transferLength} bytes exceeds the limit of ${maxBytes}`);
    this.name = "ObjectTooLargeError";
  }
}

export class ObjectAssembly {
  readonly layout: Partition;
  private readonly data: Buffer;
  private readonly seen: Uint8Array;
  private received = 0;
  duplicates = 0;

  /**
   * Throws ObjectTooLargeError (nothing allocated) or RangeError for an impossible layout. `store` false
   * tracks which symbols arrived without keeping bytes (the benchmark's many simulated receivers).
   */
  constructor(
    transferLength: number,
    symbolSize: number,
    maxBlockLength: number,
    maxBytes: number,
    private readonly store = true,
  ) {
    if (transferLength > maxBytes) throw new ObjectTooLargeError(transferLength, maxBytes);
    this.layout = partition(transferLength, symbolSize, maxBlockLength);
    this.data = Buffer.alloc(store ? transferLength : 0);
    this.seen = new Uint8Array(this.layout.symbols);
  }

  get complete(): boolean {
    return this.received === this.layout.symbols;
  }

  get symbolsReceived(): number {
    return this.received;
  }

  /** Index of (sbn, esi) among all symbols, or -1 when the pair is outside the object. */
  symbolIndex(sbn: number, esi: number): number {
    return esi < blockLength(this.layout, sbn) ? blockStart(this.layout, sbn) + esi : -1;
  }

  /**
   * Takes a packet's payload: one or more consecutive symbols of block `sbn` starting at `esi`. Every
   * symbol is full-sized except the object's last, which holds what is left.
   */
  add(sbn: number, esi: number, payload: Buffer): SymbolResult {
    const { symbolSize, transferLength } = this.layout;
    const first = this.symbolIndex(sbn, esi);
    if (first < 0 || payload.length === 0) return "invalid";
    const count = Math.ceil(payload.length / symbolSize);
    if (esi + count > blockLength(this.layout, sbn)) return "invalid";
    const offset = first * symbolSize;
    const expected = Math.min(count * symbolSize, transferLength - offset);
    if (payload.length !== expected) return "invalid";
    let fresh = 0;
    for (let i = 0; i < count; i++) {
      if (this.seen[first + i]) continue;
      this.seen[first + i] = 1;
      fresh++;
      if (!this.store) continue;
      const start = i * symbolSize;
      payload.copy(this.data, offset + start, start, Math.min(start + symbolSize, payload.length));
    }
    this.received += fresh;
    if (fresh === 0) {
      this.duplicates++;
      return "duplicate";
    }
    return "new";
  }

  /** The object once complete (the internal buffer, not a copy). */
  result(): Buffer {
    if (!this.complete || !this.store) throw new Error("object is not complete or was not stored");
    return this.data;
  }
}
