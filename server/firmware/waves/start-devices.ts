// Starting a wave's devices: the current stage's first (and earlier stages' carried ones), in the
// wave's shuffled order, as many as the concurrency cap, the per-minute rate and a step's bound allow.
// Each gets its Download (or ChangeDUState) in the same transaction as its row's new state, so a crash
// can never send a device a second one: the row names the task, the task carries the CommandKey.
// A mobile (protocol omadm) gets a FUMO update instead (server/mobile/queue.ts), always over HTTP; its
// task ends with the Generic Alert 1226 and counts in the stage criteria like a Download.
import type { FirmwareImage, Prisma, Wave } from "../../generated/prisma/client";
import type { WavePlan } from "../../../lib/firmware/wave-schema";
import { queueImageDelivery } from "../delivery";
import { isFirmwareType } from "../../../lib/firmware/file-types";
import { ensureWaveSession } from "../multicast/session";
import { multicastDownloadUrl } from "../multicast/download-url";
import { insertFumoUpdate } from "../../mobile/queue";

type Tx = Prisma.TransactionClient;

/** Devices started per step at most (keeps the transaction short; the engine steps every second). */
const MAX_STARTS_PER_STEP = 200;
/** Attempts after which a device that never connected in time is skipped. */
const MAX_CARRIES = 5;

export async function startDevices(
  tx: Tx,
  wave: Wave,
  plan: WavePlan,
  stage: number,
  now: Date,
): Promise<number[]> {
  await tx.waveDevice.updateMany({
    where: { waveId: wave.id, state: "pending", attempts: { gte: MAX_CARRIES } },
    data: {
      state: "skipped",
      reason: `not reached: offline in ${MAX_CARRIES} attempts`,
      finishedAt: now,
      updatedAt: now,
    },
  });
  const [load] = await tx.$queryRaw<{ inflight: number; recent: number }[]>`
    SELECT count(*) FILTER (WHERE "state" IN ('downloading', 'rebooting', 'rolling_back'))::int AS inflight,
           count(*) FILTER (WHERE "startedAt" > ${new Date(now.getTime() - 60_000).toISOString()}::timestamp)::int AS recent
      FROM "WaveDevice" WHERE "waveId" = ${wave.id}`;
  const room = Math.min(
    plan.maxConcurrent - (load?.inflight ?? 0),
    plan.perMinute - (load?.recent ?? 0),
    MAX_STARTS_PER_STEP,
  );
  if (room <= 0) return [];
  const rows = await tx.waveDevice.findMany({
    where: { waveId: wave.id, state: "pending", stage: { lte: stage } },
    orderBy: [{ attempts: "asc" }, { stage: "asc" }, { position: "asc" }],
    take: room,
    include: { device: { select: { softwareVersion: true, protocol: true } } },
  });
  if (rows.length === 0) return [];
  const image = await tx.firmwareImage.findUniqueOrThrow({ where: { id: wave.imageId } });
  const multicastUrl = await multicastUrlFor(tx, wave, image, plan, now);
  const started: number[] = [];
  for (const row of rows) {
    if (row.device.softwareVersion === image.version && isFirmwareType(image.fileType)) {
      await tx.waveDevice.update({
        where: { id: row.id },
        data: {
          state: "verified",
          toVersion: image.version,
          reason: "already on this version",
          finishedAt: now,
          updatedAt: now,
        },
      });
      continue;
    }
    const mobile = row.device.protocol === "omadm";
    const task = mobile
      ? { id: (await fumo(tx, wave, image, row.deviceId)).taskId }
      : await deliver(tx, wave, image, row.deviceId, row.attempts + 1, plan, multicastUrl);
    await tx.waveDevice.update({
      where: { id: row.id },
      data: {
        state: "downloading",
        delivery: multicastUrl && !mobile ? "multicast" : "http",
        taskId: task.id,
        attempts: { increment: 1 },
        startedAt: now,
        reason: null,
        updatedAt: now,
      },
    });
    started.push(row.deviceId);
  }
  return started;
}

function deliver(
  tx: Tx,
  wave: Wave,
  image: FirmwareImage,
  deviceId: number,
  attempt: number,
  plan: WavePlan,
  multicastUrl: string | undefined,
) {
  return queueImageDelivery(tx, {
    deviceId,
    image,
    // The CPE reports it back (M Download, TransferComplete): unique per wave and attempt.
    commandKey: `wave-${wave.id}-${attempt}`,
    createdBy: `wave:${wave.id}`,
    batchId: `wave-${wave.id}`,
    delaySeconds: plan.delaySeconds,
    multicastUrl,
  });
}

function fumo(tx: Tx, wave: Wave, image: FirmwareImage, deviceId: number) {
  return insertFumoUpdate(tx, deviceId, image.id, `wave:${wave.id}`, { batchId: `wave-${wave.id}` });
}

/**
 * A multicast wave's Download URL: its FLUTE session's (started or restarted here). Undefined, so the
 * devices get HTTP, for an HTTP wave, a deployment unit, or when no session can run now (no free group,
 * a session that just failed).
 */
async function multicastUrlFor(
  tx: Tx,
  wave: Wave,
  image: FirmwareImage,
  plan: WavePlan,
  now: Date,
): Promise<string | undefined> {
  if (wave.delivery !== "multicast" || !isFirmwareType(image.fileType)) return undefined;
  const session = await ensureWaveSession(tx, wave, image, plan, now);
  if (!session) return undefined;
  try {
    return multicastDownloadUrl(
      {
        ...(session.sourceAddress ? { source: session.sourceAddress } : {}),
        group: session.groupAddress,
        port: session.port,
        tsi: Number(session.tsi),
        toi: session.toi,
        version: session.version === 1 ? 1 : 2,
      },
      image.signature,
    );
  } catch (err) {
    // A bad FLUTE_SOURCE_ADDRESS or group: shown on the wave page, the devices get HTTP meanwhile.
    const lastError = `no valid session URL: ${err instanceof Error ? err.message : String(err)}`;
    await tx.fluteSession.update({
      where: { id: session.id },
      data: { state: "failed", lastError: lastError.slice(0, 500), endedAt: now },
    });
    return undefined;
  }
}
