// The FLUTE API the rest of Vantage codes against (firmware waves start a sender, the simulator's boxes
// receive). Kept apart from the codecs so callers import types without pulling in sockets or workers.
// (No "server-only": the simulator's receiver and the sender's worker thread share these modules.)

export type FluteVersion = 1 | 2;

export interface FluteSenderOptions {
  /** The image on local disk; read once by the worker, streamed block by block. */
  filePath: string;
  /** The name in the FDT (File@Content-Location), usually the image's file name or URL. */
  contentLocation: string;
  contentType?: string;
  /** base64 MD5 of the file (File@Content-MD5). */
  md5: string;
  /** Transport Object Identifier of the file, 1..2^32-1 (0 is reserved for FDT Instances). */
  toi: number;
  /** Transport Session Identifier, 0..2^32-1; unique per running session of one source. */
  tsi: number;
  /** Multicast group (IPv4 224.0.0.0/4 or IPv6 ff00::/8); must be inside allowedGroups. */
  group: string;
  port: number;
  ttl: number;
  /** Local address to bind (and so the packets' source address, what receivers filter on with SSM). */
  sourceAddress?: string;
  /** Address of the outgoing interface (setMulticastInterface). */
  interfaceAddress?: string;
  version: FluteVersion;
  rateKbps: number;
  /** Encoding symbol length in bytes (payload per packet). */
  symbolSize: number;
  /** Maximum source block length in symbols (Compact No-Code: at most 65,535). */
  maxBlockLength: number;
  /** The carousel stops at this time (the wave's window); done resolves then. */
  until: Date;
  /** Comma-separated CIDR list the group must lie in (setting FLUTE_GROUPS). */
  allowedGroups: string;
  /** The cap for rateKbps (setting FLUTE_MAX_RATE_MBPS × 1000). */
  maxRateKbps: number;
}

export interface FluteSenderStats {
  /** Complete carousel passes (FDT + every symbol of the file) finished so far. */
  passes: number;
  packetsSent: number;
  /** UDP payload bytes sent (LCT/ALC headers included, IP/UDP headers not). */
  bytesSent: number;
  startedAt: Date;
}

export interface FluteSender {
  stats(): FluteSenderStats;
  /** About once a second while sending. */
  on(event: "progress", listener: (stats: FluteSenderStats) => void): void;
  /** Stops the carousel (bounded wait for the worker) and resolves with the final counters. */
  stop(): Promise<FluteSenderStats>;
  /** Resolves at `until` or after stop(); rejects on a socket or configuration error in the worker. */
  done: Promise<FluteSenderStats>;
}

export interface FluteReceiveOptions {
  group: string;
  port: number;
  tsi: number;
  /** The file to take; without it the file named by contentLocation, else the first file the FDT lists. */
  toi?: number;
  /** Sender address: joins source-specific (S,G) and drops packets from anyone else. */
  source?: string;
  /** Address of the local interface to join on. */
  interfaceAddress?: string;
  contentLocation?: string;
  timeoutMs: number;
  /** Largest file accepted; a larger Transfer-Length fails with "too-large" before anything is allocated. */
  maxBytes: number;
}

export interface FluteReceiveResult {
  data: Buffer;
  contentLocation: string;
  /** true: the FDT carried Content-MD5 and it matched; false: the FDT carried none (a mismatch rejects). */
  md5Ok: boolean;
  /** Packets of this session taken (duplicates included). */
  packets: number;
  /** Symbols received again after they were already held. */
  duplicates: number;
  /** Carousel passes seen (first symbol of the file seen again counts a new pass). */
  passesSeen: number;
}

export type FluteReceiveErrorCode = "join" | "timeout" | "too-large" | "md5";

export class FluteReceiveError extends Error {
  constructor(
    readonly code: FluteReceiveErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "FluteReceiveError";
  }
}
