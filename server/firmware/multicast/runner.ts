// Runs the FLUTE senders of multicast waves on this node: each tick it ends sessions past their end,
// claims or renews its leases (lease.ts), starts a sender (a worker thread, server/flute/sender.ts) for
// each session it newly holds, writes the counters of those it runs, and stops those it lost (a lease
// taken over, a session ended by its wave). The wave's steps decide whether a session is live; this
// loop only makes the one holder transmit while it is.
import path from "node:path";
import { startPollLoop, type PollLoop } from "../../core/poll-loop";
import { db } from "../../db";
import { nodeId } from "../../devices/session-locks";
import { settings } from "../../env";
import { logger } from "../../logger";
import type { FluteSession } from "../../generated/prisma/client";
import type { FluteSender, FluteSenderOptions, FluteSenderStats } from "../../flute/types";
import { storeDir } from "../paths";
import {
  claimSessions,
  endExpiredSessions,
  markFailed,
  markSenderStarted,
  releaseSessions,
  writeProgress,
  type SessionCounters,
} from "./lease";

export interface FluteRunnerOptions {
  startSender: (options: FluteSenderOptions) => FluteSender;
  /** Tick (and counter write) interval. */
  pollMs?: number;
  /** How long a claim holds without renewal; another node takes over after it. */
  leaseMs?: number;
  /** Sessions one node sends at most (each is a worker thread and up to FLUTE_MAX_RATE_MBPS). */
  maxSessions?: number;
}

interface Running {
  sender: FluteSender;
  base: SessionCounters;
}

const add = (base: SessionCounters, s: FluteSenderStats): SessionCounters => ({
  passes: base.passes + s.passes,
  packetsSent: base.packetsSent + s.packetsSent,
  bytesSent: base.bytesSent + s.bytesSent,
});

export function startFluteRunner(options: FluteRunnerOptions): PollLoop {
  const log = logger("flute");
  const leaseMs = options.leaseMs ?? 15_000;
  const running = new Map<number, Running>();

  async function start(session: FluteSession, node: string, now: Date): Promise<void> {
    const image = await db().firmwareImage.findUnique({ where: { id: session.imageId } });
    const s = settings();
    try {
      if (!image) throw new Error(`image ${session.imageId} is gone`);
      await markSenderStarted(session.id, node);
      const sender = options.startSender({
        filePath: path.join(storeDir("images"), image.storageName),
        contentLocation: image.fileName,
        contentType: "application/octet-stream",
        md5: Buffer.from(image.md5, "hex").toString("base64"),
        toi: session.toi,
        tsi: Number(session.tsi),
        group: session.groupAddress,
        port: session.port,
        ttl: session.ttl,
        ...(session.sourceAddress ? { sourceAddress: session.sourceAddress } : {}),
        ...(session.interfaceAddress ? { interfaceAddress: session.interfaceAddress } : {}),
        version: session.version === 1 ? 1 : 2,
        rateKbps: session.rateKbps,
        symbolSize: session.symbolSize,
        maxBlockLength: session.maxBlockLength,
        until: session.endsAt ?? new Date(now.getTime() + 3_600_000),
        allowedGroups: s.FLUTE_GROUPS,
        maxRateKbps: Math.round(s.FLUTE_MAX_RATE_MBPS * 1000),
      });
      const entry: Running = {
        sender,
        base: {
          passes: session.passes,
          packetsSent: Number(session.packetsSent),
          bytesSent: Number(session.bytesSent),
        },
      };
      running.set(session.id, entry);
      log.info(
        { session: session.id, group: session.groupAddress, tsi: Number(session.tsi) },
        "carousel started",
      );
      // At `until` the entry goes; the next tick ends the session, or restarts it if its end moved on.
      sender.done.then(
        (final) => settle(session.id, entry, node, final),
        (err: unknown) => fail(session.id, entry, node, err),
      );
    } catch (err) {
      await markFailed(session.id, node, message(err), now);
      log.warn({ session: session.id, err }, "carousel refused");
    }
  }

  async function settle(id: number, entry: Running, node: string, final: FluteSenderStats) {
    if (running.get(id) !== entry) return;
    running.delete(id);
    await writeProgress(id, node, add(entry.base, final), new Date()).catch(() => undefined);
  }

  async function fail(id: number, entry: Running, node: string, err: unknown) {
    if (running.get(id) !== entry) return;
    running.delete(id);
    log.warn({ session: id, err }, "carousel failed");
    await markFailed(id, node, message(err), new Date()).catch(() => undefined);
  }

  async function tick(): Promise<void> {
    const node = nodeId();
    const now = new Date();
    await endExpiredSessions(now);
    const held = await claimSessions(node, now, leaseMs, options.maxSessions ?? 8);
    const ids = new Set(held.map((s) => s.id));
    for (const [id, entry] of running) {
      if (ids.has(id)) continue;
      // Ended by its wave, or the lease went to another node: this node must stop transmitting. The
      // final counters are written only while the row still names this node (not after a takeover).
      running.delete(id);
      const final = await entry.sender.stop().catch(() => entry.sender.stats());
      await writeProgress(id, node, add(entry.base, final), new Date());
    }
    for (const session of held) {
      const entry = running.get(session.id);
      if (!entry) await start(session, node, now);
      else await writeProgress(session.id, node, add(entry.base, entry.sender.stats()));
    }
  }

  const loop = startPollLoop(options.pollMs ?? 2_000, tick, (err) =>
    log.warn({ err }, "flute runner tick failed"),
  );
  return {
    tick: () => loop.tick(),
    async stop() {
      await loop.stop();
      const node = nodeId();
      for (const [id, entry] of [...running]) {
        running.delete(id);
        const final = await entry.sender.stop().catch(() => entry.sender.stats());
        await writeProgress(id, node, add(entry.base, final), new Date()).catch(() => undefined);
      }
      await releaseSessions(node).catch(() => undefined);
    },
  };
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
