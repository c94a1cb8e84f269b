// The wave engine: a loop on one node of a cluster at a time (singleton job, server/start.ts). Each tick
// it claims the waves with work one at a time with a row lock (FOR UPDATE SKIP LOCKED), so two processes
// never step the same wave even when two run it (a tick finishing after a lease hand-over), and steps each.
// All state is in the database: after a restart (or kill -9) the next tick carries on where the last
// committed step left off, and a device's Download is never queued twice (its row names its task).
import { startPollLoop, type PollLoop } from "../../core/poll-loop";
import { db } from "../../db";
import { logger } from "../../logger";
import { notifyQueued } from "../../tasks/service";
import { stepWave } from "./step";

export type WaveEngine = PollLoop;

export function startWaveEngine(options: { pollMs?: number; maxWavesPerTick?: number } = {}): WaveEngine {
  const maxWaves = options.maxWavesPerTick ?? 20;
  const log = logger("waves");

  async function tick(stopped: () => boolean): Promise<void> {
    let afterId = 0;
    for (let i = 0; i < maxWaves && !stopped(); i++) {
      const stepped = await db().$transaction(
        async (tx) => {
          // Running waves, and others whose devices are still in flight (a paused wave's Downloads
          // already sent, a finished wave's rollbacks): their outcomes are recorded, nothing new starts.
          const [claim] = await tx.$queryRaw<{ id: number }[]>`
            SELECT w."id" FROM "Wave" w
             WHERE w."id" > ${afterId}
               AND (w."state" = 'running'
                    OR (w."state" IN ('paused', 'aborted', 'done') AND EXISTS (
                      SELECT 1 FROM "WaveDevice" wd WHERE wd."waveId" = w."id"
                         AND wd."state" IN ('downloading', 'rebooting', 'rolling_back'))))
             ORDER BY w."id" LIMIT 1 FOR UPDATE OF w SKIP LOCKED`;
          if (!claim) return null;
          const wave = await tx.wave.findUniqueOrThrow({ where: { id: claim.id } });
          return { id: wave.id, result: await stepWave(tx, wave) };
        },
        { timeout: 60_000 },
      );
      if (!stepped) break;
      afterId = stepped.id;
      for (const deviceId of new Set(stepped.result.queuedDevices)) notifyQueued(deviceId);
    }
  }

  return startPollLoop(options.pollMs ?? 1_000, tick, (err) => log.warn({ err }, "wave engine tick failed"));
}
