// The carousel's thread (started by sender.ts through sender-worker-entry.mjs): one UDP socket bound to
// the source address, multicast TTL and interface set, sending only to the configured group:port; a
// token bucket paces batches to the rate. Messages out: progress (every 250 ms), done, error; in: stop.
import { createSocket, type Socket } from "node:dgram";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { isIP } from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { Carousel, type Packet } from "./carousel";
import { buildFdtInstance } from "./fdt";
import { TokenBucket } from "./pacing";
import type { FluteSenderOptions } from "./types";

export interface WorkerStats {
  passes: number;
  packetsSent: number;
  bytesSent: number;
  startedAt: number;
}
export type WorkerMessage =
  { type: "progress" | "done"; stats: WorkerStats } | { type: "error"; message: string; stats: WorkerStats };

/** IPv4 + UDP header bytes counted against the rate, so the rate is what the link carries. */
const WIRE_OVERHEAD = 28;
const FDT_EVERY = 1_000;
const BURST_MS = 8;
const MAX_BATCH = 128;

const opts = workerData as FluteSenderOptions;
const port = parentPort!;
const stats: WorkerStats = { passes: 0, packetsSent: 0, bytesSent: 0, startedAt: Date.now() };
let stopping = false;
port.on("message", (m: { type: string }) => {
  if (m.type === "stop") stopping = true;
});

function openSocket(): Promise<Socket> {
  const socket = createSocket({ type: isIP(opts.group) === 6 ? "udp6" : "udp4", reuseAddr: true });
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.bind({ address: opts.sourceAddress, port: 0, exclusive: true }, () => {
      socket.off("error", reject);
      socket.setMulticastTTL(opts.ttl);
      socket.setMulticastLoopback(true);
      if (opts.interfaceAddress) socket.setMulticastInterface(opts.interfaceAddress);
      // Connecting pins the destination: nothing this socket sends can go anywhere but group:port.
      socket.connect(opts.port, opts.group, () => resolve(socket));
    });
  });
}

function sendBatch(socket: Socket, batch: Packet[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let left = batch.length;
    for (const packet of batch)
      socket.send(packet, (err) => {
        if (err) reject(err);
        else if (--left === 0) resolve();
      });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function run(): Promise<void> {
  const fd = openSync(opts.filePath, "r");
  const socket = await openSocket().catch((err: unknown) => {
    closeSync(fd);
    throw err;
  });
  const progress = setInterval(() => port.postMessage({ type: "progress", stats }), 250);
  try {
    const size = fstatSync(fd).size;
    const fdt = buildFdtInstance(
      {
        expires: opts.until.getTime(),
        complete: true,
        files: [
          {
            contentLocation: opts.contentLocation,
            toi: opts.toi,
            contentLength: size,
            transferLength: size,
            ...(opts.contentType ? { contentType: opts.contentType } : {}),
            contentMd5: opts.md5,
            fecEncodingId: 0,
            maxSourceBlockLength: opts.maxBlockLength,
            encodingSymbolLength: opts.symbolSize,
          },
        ],
      },
      opts.version,
    );
    const carousel = new Carousel({
      tsi: opts.tsi,
      toi: opts.toi,
      version: opts.version,
      symbolSize: opts.symbolSize,
      maxBlockLength: opts.maxBlockLength,
      transferLength: size,
      fdt,
      fdtInstanceId: 0, // one FDT Instance for the session: its content never changes while it runs
      fdtEvery: FDT_EVERY,
      readBlock: (offset, length) => {
        const block = Buffer.allocUnsafe(length);
        if (readSync(fd, block, 0, length, offset) !== length)
          throw new Error("image changed size while sending");
        return block;
      },
    });
    const bucket = new TokenBucket(opts.rateKbps, BURST_MS);
    const until = opts.until.getTime();
    const running = (): boolean => !stopping && Date.now() < until;
    while (running()) {
      const packets = carousel.pass();
      let batch: Packet[] = [];
      let next = packets.next();
      while (!next.done && running()) {
        const bytes = next.value[0].length + next.value[1].length;
        if (batch.length < MAX_BATCH && bucket.take(bytes + WIRE_OVERHEAD)) {
          batch.push(next.value);
          stats.bytesSent += bytes;
          next = packets.next();
          continue;
        }
        if (batch.length) await sendBatch(socket, batch);
        stats.packetsSent += batch.length;
        batch = [];
        const wait = bucket.waitMs();
        if (wait > 0) await sleep(Math.max(1, Math.floor(wait)));
      }
      if (batch.length) await sendBatch(socket, batch);
      stats.packetsSent += batch.length;
      if (next.done) stats.passes++;
    }
  } finally {
    clearInterval(progress);
    closeSync(fd);
    await new Promise<void>((r) => socket.close(() => r()));
  }
}

run().then(
  () => port.postMessage({ type: "done", stats } satisfies WorkerMessage),
  (err: unknown) =>
    port.postMessage({ type: "error", message: err instanceof Error ? err.message : String(err), stats }),
);
