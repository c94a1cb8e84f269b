// Starts a FLUTE carousel in a worker thread (issue 15 §1), so a 100 Mbit/s stream never competes with
// the CWMP listener's event loop. Every option is checked here, before a thread or socket exists: a
// group outside the allowed list or not multicast, a rate above the cap, a TSI/TOI out of range or an
// image too large for 16-bit source block numbers throw; runtime failures (bind, send) reject `done`.
import { EventEmitter } from "node:events";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { z } from "zod";
import { partition } from "./alc";
import { groupAllowed } from "./groups";
import type { WorkerMessage, WorkerStats } from "./sender-worker";
import type { FluteSender, FluteSenderOptions, FluteSenderStats } from "./types";
import { isMulticastAddress } from "./url";

const STOP_GRACE_MS = 5_000;
const ENTRY = "sender-worker-entry.mjs";

const u32 = z.number().int().min(0).max(0xffff_ffff);
const optionsSchema = z.object({
  filePath: z.string().min(1),
  contentLocation: z.string().min(1).max(1024),
  contentType: z.string().max(255).optional(),
  md5: z.string().regex(/^[A-Za-z0-9+/]{22}==$/, "base64 MD5"),
  toi: u32.min(1),
  tsi: u32,
  group: z.string().refine(isMulticastAddress, "not a multicast group"),
  port: z.number().int().min(1).max(65_535),
  ttl: z.number().int().min(1).max(255),
  sourceAddress: z.ipv4().or(z.ipv6()).optional(),
  interfaceAddress: z.ipv4().or(z.ipv6()).optional(),
  version: z.literal([1, 2]),
  rateKbps: z.number().positive(),
  symbolSize: z.number().int().min(16).max(8_192),
  maxBlockLength: z.number().int().min(1).max(65_535),
  until: z.date(),
  allowedGroups: z.string(),
  maxRateKbps: z.number().positive(),
});

/** Throws with the first thing wrong with `opts`; returns the image size. */
export function checkSenderOptions(opts: FluteSenderOptions): number {
  const parsed = optionsSchema.safeParse(opts);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`FLUTE sender: ${issue.path.join(".")}: ${issue.message}`);
  }
  if (!groupAllowed(opts.group, opts.allowedGroups))
    throw new Error(`FLUTE sender: group ${opts.group} is outside the allowed groups ${opts.allowedGroups}`);
  if (opts.rateKbps > opts.maxRateKbps)
    throw new Error(`FLUTE sender: rate ${opts.rateKbps} kbit/s is above the cap of ${opts.maxRateKbps}`);
  const size = statSync(opts.filePath).size;
  partition(size, opts.symbolSize, opts.maxBlockLength); // throws when the image needs > 65,536 blocks
  return size;
}

/** The entry next to this module; under a bundler that moved it, the source tree (cwd = repo root). */
function workerEntry(): string {
  try {
    const here = path.join(path.dirname(fileURLToPath(import.meta.url)), ENTRY);
    if (existsSync(here)) return here;
  } catch {
    // import.meta.url is not a file: URL under a bundler
  }
  return path.join(process.cwd(), "server", "flute", ENTRY);
}

const toStats = (s: WorkerStats): FluteSenderStats => ({ ...s, startedAt: new Date(s.startedAt) });

export function startFluteSender(opts: FluteSenderOptions): FluteSender {
  checkSenderOptions(opts);
  const events = new EventEmitter();
  let last: WorkerStats = { passes: 0, packetsSent: 0, bytesSent: 0, startedAt: Date.now() };
  let lastEmit = 0;
  const worker = new Worker(workerEntry(), { workerData: opts });
  let settled = false;
  const done = new Promise<FluteSenderStats>((resolve, reject) => {
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(safety);
      void worker.terminate();
      if (err) reject(err);
      else resolve(toStats(last));
    };
    worker.on("message", (m: WorkerMessage) => {
      last = m.stats;
      if (m.type === "done") finish();
      else if (m.type === "error") finish(new Error(`FLUTE sender: ${m.message}`));
      else if (Date.now() - lastEmit >= 1_000) {
        lastEmit = Date.now();
        events.emit("progress", toStats(last));
      }
    });
    worker.on("error", (err) => finish(err));
    worker.on("exit", (code) =>
      finish(code === 0 ? undefined : new Error(`FLUTE sender worker exited ${code}`)),
    );
    // Bounded: the worker stops itself at `until`; should it hang, it is terminated a little later.
    const safety = setTimeout(() => finish(), Math.max(0, opts.until.getTime() - Date.now()) + STOP_GRACE_MS);
  });
  done.catch(() => undefined); // callers that only call stop() must not see an unhandled rejection
  return {
    stats: () => toStats(last),
    on: (event, listener) => void events.on(event, listener),
    done,
    stop: async () => {
      worker.postMessage({ type: "stop" });
      const grace = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), STOP_GRACE_MS).unref());
      if ((await Promise.race([done.catch(() => "failed" as const), grace])) === "timeout")
        await worker.terminate();
      return toStats(last);
    },
  };
}
