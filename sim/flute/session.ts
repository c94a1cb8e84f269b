// The receiving side of one FLUTE session, without sockets: takes packets (already filtered by source
// address), keeps the TSI's, rebuilds FDT Instances (TOI 0) and the wanted file, and says when the file
// is complete. Symbols of the file that arrive before an FDT describing it are dropped: the carousel
// sends them again, and holding them would need memory the FDT has not yet bounded.
import { inflateSync, gunzipSync, inflateRawSync } from "node:zlib";
import { decodeAlcPacket, type AlcPacket } from "../../server/flute/alc";
import { MAX_FDT_BYTES, parseFdtInstance, type FdtFile } from "../../server/flute/fdt";
import { ObjectAssembly, ObjectTooLargeError } from "../../server/flute/reassembly";
import type { FluteVersion } from "../../server/flute/types";

export interface SessionReceiverOptions {
  tsi: number;
  toi?: number;
  contentLocation?: string;
  maxBytes: number;
  /** How to read LCT's T/R bits: 1 (default) reads RFC 3451's SCT/ERT when set; v2 senders leave them 0. */
  version?: FluteVersion;
  /** false: track symbols only, keep no bytes (the benchmark's simulated receivers). */
  store?: boolean;
  now?: () => number;
}

export type SessionStatus = "complete" | "too-large" | "fdt-bad" | undefined;
const MAX_FDTS_IN_PROGRESS = 4;

function decompress(cenc: number | undefined, data: Buffer): Buffer {
  const limit = { maxOutputLength: MAX_FDT_BYTES };
  if (cenc === 1) return inflateSync(data, limit);
  if (cenc === 2) return inflateRawSync(data, limit);
  if (cenc === 3) return gunzipSync(data, limit);
  return data;
}

export class FluteSessionReceiver {
  packets = 0;
  passesSeen = 0;
  file?: FdtFile;
  assembly?: ObjectAssembly;
  private readonly fdts = new Map<number, { assembly: ObjectAssembly; cenc?: number }>();
  private lastIndex = -1;

  constructor(private readonly o: SessionReceiverOptions) {}

  get duplicates(): number {
    return this.assembly?.duplicates ?? 0;
  }

  /** One UDP payload; undefined while the file is incomplete (and for anything not of this session). */
  handle(msg: Buffer): SessionStatus {
    const r = decodeAlcPacket(msg, this.o.version ?? 1);
    return r.ok ? this.handleDecoded(r.value) : undefined;
  }

  handleDecoded(p: AlcPacket): SessionStatus {
    if (p.header.tsi !== this.o.tsi) return undefined;
    this.packets++;
    if (p.header.toi === 0) return this.onFdtPacket(p);
    if (!this.assembly || p.header.toi !== this.file?.toi) return undefined;
    const index = this.assembly.symbolIndex(p.sbn, p.esi);
    // A symbol far behind the previous one: the carousel came round again.
    if (this.passesSeen === 0 || (index >= 0 && index < this.lastIndex - this.assembly.layout.symbols / 2))
      this.passesSeen++;
    if (index >= 0) this.lastIndex = index;
    this.assembly.add(p.sbn, p.esi, p.payload);
    return this.assembly.complete ? "complete" : undefined;
  }

  private onFdtPacket(p: AlcPacket): SessionStatus {
    const { fdt, fti } = p.header;
    if (this.assembly || !fdt || !fti) return undefined;
    let entry = this.fdts.get(fdt.instanceId);
    if (!entry) {
      if (this.fdts.size >= MAX_FDTS_IN_PROGRESS) this.fdts.clear();
      try {
        const assembly = new ObjectAssembly(
          fti.transferLength,
          fti.encodingSymbolLength,
          fti.maxSourceBlockLength,
          MAX_FDT_BYTES,
        );
        entry = { assembly, ...(p.header.cenc !== undefined ? { cenc: p.header.cenc } : {}) };
      } catch {
        return undefined; // an oversized or impossible FDT layout: ignore the instance
      }
      this.fdts.set(fdt.instanceId, entry);
    }
    entry.assembly.add(p.sbn, p.esi, p.payload);
    if (!entry.assembly.complete) return undefined;
    this.fdts.delete(fdt.instanceId);
    let xml: Buffer;
    try {
      xml = decompress(entry.cenc, entry.assembly.result());
    } catch {
      return "fdt-bad";
    }
    const parsed = parseFdtInstance(xml, (this.o.now ?? Date.now)());
    if (!parsed.ok) return "fdt-bad";
    const file = parsed.value.files.find((f) =>
      this.o.toi !== undefined
        ? f.toi === this.o.toi
        : this.o.contentLocation !== undefined
          ? f.contentLocation === this.o.contentLocation
          : f.toi !== 0,
    );
    return file ? this.startFile(file) : undefined;
  }

  private startFile(file: FdtFile): SessionStatus {
    const length = file.transferLength ?? file.contentLength;
    const { encodingSymbolLength: e, maxSourceBlockLength: b } = file;
    if (length === undefined || e === undefined || b === undefined || (file.fecEncodingId ?? 0) !== 0)
      return "fdt-bad";
    try {
      this.assembly = new ObjectAssembly(length, e, b, this.o.maxBytes, this.o.store ?? true);
    } catch (err) {
      if (err instanceof ObjectTooLargeError) return "too-large";
      return "fdt-bad";
    }
    this.file = file;
    return this.assembly.complete ? "complete" : undefined;
  }
}
