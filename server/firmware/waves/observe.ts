// What the wave's devices did since the last step, read from their tasks: a Download done (the task
// checked the new SoftwareVersion at the boot) is verified; a transfer reported but not yet booted is
// rebooting; a fault, or no new version within the wave's time, is a failure with its reason; a task
// that expired unsent (the device was offline) carries the device to the next window, never a failure.
import type { Prisma } from "../../generated/prisma/client";
import type { WavePlan } from "../../../lib/firmware/wave-schema";

type Tx = Prisma.TransactionClient;

const ts = (d: Date) => d.toISOString();

/** Ends tasks the wave has waited on longer than plan.verifyMinutes since they were sent. */
async function enforceTimeLimit(tx: Tx, waveId: number, plan: WavePlan, now: Date): Promise<void> {
  const limit = new Date(now.getTime() - plan.verifyMinutes * 60_000);
  const reason = `device not back on the new version within ${plan.verifyMinutes} min`;
  await tx.$executeRaw`
    UPDATE "Task" t SET "state" = 'expired', "completedAt" = ${ts(now)}::timestamp, "lastError" = ${reason}
      FROM "WaveDevice" wd
     WHERE wd."waveId" = ${waveId} AND wd."state" IN ('downloading', 'rebooting', 'rolling_back')
       AND t."id" = COALESCE(wd."rollbackTaskId", wd."taskId")
       AND t."state" IN ('sent', 'waiting') AND t."sentAt" < ${ts(limit)}::timestamp`;
}

/**
 * Applies task outcomes to the wave's devices; returns how many changed. A mobile's FumoUpdate is done
 * at the FUMO result (Generic Alert 1226); it counts as verified once the mobile reports the image's
 * version (./DevDetail/FwV, read back right after), and as failed if it does not within verifyMinutes.
 */
export async function observeDevices(tx: Tx, waveId: number, plan: WavePlan, now: Date): Promise<number> {
  await enforceTimeLimit(tx, waveId, plan, now);
  const at = ts(now);
  const limit = ts(new Date(now.getTime() - plan.verifyMinutes * 60_000));
  const upgraded = await tx.$executeRaw`
    UPDATE "WaveDevice" wd SET
      "state" = CASE
        WHEN t."name" = 'FumoUpdate' AND t."state" = 'done' AND d."softwareVersion" IS DISTINCT FROM fi."version"
          THEN 'failed'
        WHEN t."state" = 'done' THEN 'verified'
        WHEN t."state" = 'waiting' THEN 'rebooting'
        WHEN t."state" IN ('expired', 'cancelled') AND t."sentAt" IS NULL THEN 'pending'
        ELSE 'failed' END,
      "taskId" = CASE WHEN t."state" IN ('expired', 'cancelled') AND t."sentAt" IS NULL THEN NULL ELSE wd."taskId" END,
      "toVersion" = CASE WHEN t."state" = 'done'
        THEN COALESCE(t."result"->>'softwareVersionAfter', d."softwareVersion") ELSE wd."toVersion" END,
      "faultCode" = CASE WHEN t."state" IN ('fault', 'expired', 'cancelled') AND t."sentAt" IS NOT NULL
        THEN COALESCE(t."faultCode", 0) ELSE wd."faultCode" END,
      "reason" = CASE
        WHEN t."name" = 'FumoUpdate' AND t."state" = 'done' AND d."softwareVersion" IS DISTINCT FROM fi."version"
          THEN left('FUMO reported success but the mobile reports firmware ' || COALESCE(d."softwareVersion", '?'), 500)
        WHEN t."state" = 'done' OR t."state" = 'waiting' THEN NULL
        WHEN t."sentAt" IS NULL THEN 'carried: the device did not connect in time (' || t."state"::text || ')'
        ELSE left(COALESCE(t."faultString", t."lastError", t."state"::text), 500) END,
      "finishedAt" = CASE WHEN t."state" IN ('done', 'fault') OR t."sentAt" IS NOT NULL AND t."state" <> 'waiting'
        THEN ${at}::timestamp ELSE wd."finishedAt" END,
      "updatedAt" = ${at}::timestamp
      FROM "Task" t, "Device" d, "Wave" w, "FirmwareImage" fi
     WHERE wd."waveId" = ${waveId} AND wd."state" IN ('downloading', 'rebooting')
       AND t."id" = wd."taskId" AND d."id" = wd."deviceId" AND w."id" = wd."waveId" AND fi."id" = w."imageId"
       AND (t."state" IN ('done', 'fault', 'expired', 'cancelled')
            OR (t."state" = 'waiting' AND wd."state" = 'downloading' AND t."result" ? 'transferComplete'))
       AND NOT (t."name" = 'FumoUpdate' AND t."state" = 'done' AND d."softwareVersion" IS DISTINCT FROM fi."version"
                AND t."completedAt" > ${limit}::timestamp)`;
  const rolledBack = await tx.$executeRaw`
    UPDATE "WaveDevice" wd SET
      "state" = CASE WHEN t."state" = 'done' THEN 'rolled_back' ELSE 'failed' END,
      "toVersion" = CASE WHEN t."state" = 'done'
        THEN COALESCE(t."result"->>'softwareVersionAfter', d."softwareVersion") ELSE wd."toVersion" END,
      "reason" = CASE WHEN t."state" = 'done' THEN wd."reason"
        ELSE left('rollback failed: ' || COALESCE(t."faultString", t."lastError", t."state"::text), 500) END,
      "finishedAt" = ${at}::timestamp, "updatedAt" = ${at}::timestamp
      FROM "Task" t, "Device" d
     WHERE wd."waveId" = ${waveId} AND wd."state" = 'rolling_back'
       AND t."id" = wd."rollbackTaskId" AND d."id" = wd."deviceId"
       AND t."state" IN ('done', 'fault', 'expired', 'cancelled')`;
  return upgraded + rolledBack;
}

/**
 * Takes back the wave's Downloads no session has sent yet (pause, abort, a window closing): their
 * devices return to pending (or are skipped) and nothing is sent behind the operator's back.
 */
export async function withdrawUnsent(
  tx: Tx,
  waveId: number,
  reason: string,
  then: "pending" | "skipped",
  now: Date,
): Promise<number> {
  const at = ts(now);
  return tx.$executeRaw`
    WITH cancelled AS (
      UPDATE "Task" t SET "state" = 'cancelled', "completedAt" = ${at}::timestamp, "lastError" = ${reason}
        FROM "WaveDevice" wd
       WHERE wd."waveId" = ${waveId} AND wd."state" = 'downloading' AND t."id" = wd."taskId"
         AND t."state" = 'queued'
      RETURNING t."id")
    UPDATE "WaveDevice" SET "state" = ${then}, "taskId" = NULL, "reason" = ${reason},
           "attempts" = GREATEST("attempts" - 1, 0), "updatedAt" = ${at}::timestamp
     WHERE "waveId" = ${waveId} AND "taskId" IN (SELECT "id" FROM cancelled)`;
}

/** How long a queued Download may sit unsent before its device is woken again. */
const REWAKE_AFTER_MS = 30_000;

/**
 * Devices whose Download is still queued half a minute after the last wake (a connection request lost, or
 * a server restarted since it was queued): returned to be woken again, at most 100 a step.
 */
export async function devicesToWakeAgain(tx: Tx, waveId: number, now: Date): Promise<number[]> {
  const rows = await tx.$queryRaw<{ deviceId: number }[]>`
    UPDATE "WaveDevice" SET "updatedAt" = ${ts(now)}::timestamp
     WHERE "id" IN (
       SELECT wd."id" FROM "WaveDevice" wd JOIN "Task" t ON t."id" = COALESCE(wd."rollbackTaskId", wd."taskId")
        WHERE wd."waveId" = ${waveId} AND wd."state" IN ('downloading', 'rolling_back') AND t."state" = 'queued'
          AND wd."updatedAt" < ${ts(new Date(now.getTime() - REWAKE_AFTER_MS))}::timestamp
        LIMIT 100)
    RETURNING "deviceId"`;
  return rows.map((r) => r.deviceId);
}
