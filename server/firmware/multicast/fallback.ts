// Multicast devices that could not take the carousel get one more try over unicast HTTP, before the
// wave's usual rules (observe.ts) would count their fault as a failure: a TransferComplete with 9014
// (cannot join the group), 9010 (download failure, e.g. an MD5 mismatch) or 9020 (not complete in
// time), or no answer within half the wave's verify time. Image faults (size, hash, signature: 9018,
// 9019) are not retried: the same image over HTTP would fail the same way. Runs in the wave's step
// transaction, before observeDevices.
import type { FirmwareImage, Prisma, Wave } from "../../generated/prisma/client";
import type { WavePlan } from "../../../lib/firmware/wave-schema";
import { queueImageDelivery } from "../delivery";

type Tx = Prisma.TransactionClient;

/** Faults after which the same device is retried over HTTP. */
export const FALLBACK_FAULTS = [9010, 9014, 9020] as const;
const MAX_PER_STEP = 200;

const ts = (d: Date) => d.toISOString();

/** Half the verify time (at least a minute): the unicast retry still has the other half. */
export function multicastAttemptMs(plan: WavePlan): number {
  return Math.max(60_000, Math.floor((plan.verifyMinutes * 60_000) / 2));
}

interface Candidate {
  id: bigint;
  deviceId: number;
  attempts: number;
}

/**
 * Moves faulted or timed-out multicast attempts to HTTP; returns the devices with a new Download queued.
 * When nothing new may start (`then`: a paused wave, a closed window) those devices return to pending
 * for the next start; an aborted wave skips them.
 */
export async function fallBackToUnicast(
  tx: Tx,
  wave: Wave,
  image: FirmwareImage,
  plan: WavePlan,
  now: Date,
  then: "retry" | "pending" | "skipped",
): Promise<number[]> {
  const limit = new Date(now.getTime() - multicastAttemptMs(plan));
  // The timed-out ones are ended first, so the device's late report changes nothing.
  await tx.$executeRaw`
    UPDATE "Task" t SET "state" = 'expired', "completedAt" = ${ts(now)}::timestamp,
           "lastError" = 'multicast transfer not reported in time'
      FROM "WaveDevice" wd
     WHERE wd."waveId" = ${wave.id} AND wd."state" = 'downloading' AND wd."delivery" = 'multicast'
       AND t."id" = wd."taskId" AND t."state" IN ('sent', 'waiting')
       AND NOT (COALESCE(t."result", '{}'::jsonb) ? 'transferComplete') AND t."sentAt" < ${ts(limit)}::timestamp`;
  const rows = await tx.$queryRaw<Candidate[]>`
    SELECT wd."id", wd."deviceId", wd."attempts" FROM "WaveDevice" wd JOIN "Task" t ON t."id" = wd."taskId"
     WHERE wd."waveId" = ${wave.id} AND wd."state" = 'downloading' AND wd."delivery" = 'multicast'
       AND ((t."state" = 'fault' AND t."faultCode" IN (9010, 9014, 9020))
            OR (t."state" = 'expired' AND t."sentAt" IS NOT NULL))
     ORDER BY wd."id" LIMIT ${MAX_PER_STEP}`;
  if (then !== "retry") {
    for (const row of rows) {
      await tx.waveDevice.update({
        where: { id: row.id },
        data: {
          state: then,
          taskId: null,
          attempts: then === "pending" ? Math.max(row.attempts - 1, 0) : row.attempts,
          reason: `carried: multicast transfer failed while nothing could start (${wave.state})`,
          ...(then === "skipped" ? { finishedAt: now } : {}),
          updatedAt: now,
        },
      });
    }
    return [];
  }
  const queued: number[] = [];
  for (const row of rows) {
    const task = await queueImageDelivery(tx, {
      deviceId: row.deviceId,
      image,
      // Not the multicast attempt's key: its late TransferComplete must not settle this one.
      commandKey: `wave-${wave.id}-${row.attempts}u`,
      createdBy: `wave:${wave.id}`,
      batchId: `wave-${wave.id}`,
      delaySeconds: 0,
    });
    await tx.waveDevice.update({
      where: { id: row.id },
      data: {
        taskId: task.id,
        delivery: "http",
        reason: "multicast failed: retrying over HTTP",
        updatedAt: now,
      },
    });
    queued.push(row.deviceId);
  }
  return queued;
}
