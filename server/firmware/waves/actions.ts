// What operators do with waves: preview, create (a draft, or started at once), start, pause, resume,
// abort, roll back. Each in one transaction with its audit row; starting freezes the device list.
import type { Actor } from "../../core/actor";
import { AppError } from "../../core/app-error";
import { db } from "../../db";
import type { FirmwareImage, Prisma, Wave } from "../../generated/prisma/client";
import { asJson } from "../../json";
import { recordAudit } from "../../audit/service";
import { emitEvent } from "../../events/outbox";
import { notifyQueued } from "../../tasks/service";
import { isOffered } from "../../../lib/firmware/applicability";
import { isDeploymentUnit, isFirmwareType } from "../../../lib/firmware/file-types";
import { stageSizes, wavePlanSchema, type WavePlan } from "../../../lib/firmware/wave-schema";
import type { DeviceFilter } from "../../../lib/devices/search-query";
import type { WaveCreate } from "../../../lib/firmware/wave-api";
import { withdrawUnsent } from "./observe";
import { rollbackDevices } from "./rollback";
import { excludedList, freezeTarget, scanTarget } from "./target";
import { finishWave, pauseWave } from "./transitions";
import { windowError } from "./window";

type Tx = Prisma.TransactionClient;

async function offeredImage(tx: Tx, imageId: number): Promise<FirmwareImage> {
  const image = await tx.firmwareImage.findUnique({ where: { id: imageId } });
  if (!image) throw new AppError("not_found", `image ${imageId} not found`);
  const offer = isOffered(image);
  if (!offer.ok) throw new AppError("invalid_input", `${image.fileName} is ${offer.reason}`);
  return image;
}

export async function previewWave(imageId: number, filter: DeviceFilter) {
  return db().$transaction(async (tx) => {
    const image = await offeredImage(tx, imageId);
    const scan = await scanTarget(tx, image, filter, null);
    const plan = wavePlanSchema.parse({ canary: { count: 1 }, stages: [{ percent: 100 }] });
    return {
      matched: scan.matched,
      eligible: scan.eligible,
      excluded: excludedList(scan),
      stageSizes: scan.eligible > 0 ? stageSizes(plan, scan.eligible) : [],
    };
  });
}

export async function createWave(actor: Actor, input: WaveCreate): Promise<{ id: number }> {
  const plan = wavePlanSchema.parse(input.plan);
  const windowProblem = plan.window ? windowError(plan.window) : null;
  if (windowProblem) throw new AppError("invalid_input", `Maintenance window: ${windowProblem}`);
  const id = await db().$transaction(
    async (tx) => {
      const image = await offeredImage(tx, input.imageId);
      if (input.rollbackImageId) {
        const back = await tx.firmwareImage.findUnique({ where: { id: input.rollbackImageId } });
        if (!back || back.state === "blocked")
          throw new AppError("invalid_input", "the rollback image is missing or blocked");
      }
      const delivery = input.delivery ?? "http";
      if (delivery === "multicast" && !isFirmwareType(image.fileType))
        throw new AppError("invalid_input", "multicast delivery takes firmware images only");
      const wave = await tx.wave.create({
        data: {
          name: input.name,
          imageId: image.id,
          rollbackImageId: input.rollbackImageId ?? null,
          method: isDeploymentUnit(image.fileType) ? "install" : "download",
          delivery,
          selection: asJson({ filter: input.filter }),
          plan: asJson(plan),
          createdBy: actor.username,
        },
      });
      await recordAudit(tx, {
        operatorId: actor.id,
        action: "wave.create",
        target: wave.name,
        after: { waveId: wave.id, imageId: image.id, delivery, plan },
      });
      if (input.start) await startInTx(tx, actor, wave, plan);
      return wave.id;
    },
    { timeout: 120_000 },
  );
  return { id };
}

async function startInTx(tx: Tx, actor: Actor, wave: Wave, plan: WavePlan) {
  const image = await offeredImage(tx, wave.imageId);
  const filter = (wave.selection as { filter: DeviceFilter }).filter;
  const total = await freezeTarget(tx, { id: wave.id, selection: wave.selection, plan }, image, filter);
  const now = new Date();
  await tx.wave.update({
    where: { id: wave.id },
    data: { state: "running", startedAt: now, total, stageStartAt: now },
  });
  await recordAudit(tx, {
    operatorId: actor.id,
    action: "wave.start",
    target: wave.name,
    after: { waveId: wave.id, devices: total },
  });
  await emitEvent(tx, "wave.started", {
    waveId: wave.id,
    name: wave.name,
    devices: total,
    imageId: image.id,
  });
}

/** Locks the wave row and checks it is in one of `states`. */
async function lockWave(tx: Tx, id: number, states: Wave["state"][], verb: string): Promise<Wave> {
  await tx.$queryRaw`SELECT "id" FROM "Wave" WHERE "id" = ${id} FOR UPDATE`;
  const wave = await tx.wave.findUnique({ where: { id } });
  if (!wave) throw new AppError("not_found", `wave ${id} not found`);
  if (!states.includes(wave.state)) throw new AppError("conflict", `cannot ${verb} a ${wave.state} wave`);
  return wave;
}

export async function startWave(actor: Actor, id: number): Promise<void> {
  await db().$transaction(
    async (tx) => {
      const wave = await lockWave(tx, id, ["draft"], "start");
      await startInTx(tx, actor, wave, wavePlanSchema.parse(wave.plan));
    },
    { timeout: 120_000 },
  );
}

export async function pauseWaveNow(actor: Actor, id: number): Promise<void> {
  await db().$transaction(async (tx) => {
    const wave = await lockWave(tx, id, ["running"], "pause");
    await pauseWave(tx, wave, `paused by ${actor.username}`, actor.id, new Date());
  });
}

export async function resumeWave(actor: Actor, id: number): Promise<void> {
  await db().$transaction(async (tx) => {
    const wave = await lockWave(tx, id, ["paused"], "resume");
    // The failures that paused the stage are acknowledged: its criteria count what happens next.
    const [stats] = await tx.$queryRaw<{ finished: number; failures: number }[]>`
      SELECT count(*) FILTER (WHERE "state" = 'verified' OR "faultCode" IS NOT NULL)::int AS finished,
             count(*) FILTER (WHERE "faultCode" IS NOT NULL AND "state" IN ('failed', 'rolling_back', 'rolled_back'))::int AS failures
        FROM "WaveDevice" WHERE "waveId" = ${id} AND "stage" = ${wave.currentStage}`;
    await tx.waveStage.updateMany({
      where: { waveId: id, index: wave.currentStage },
      data: { acknowledgedFailures: stats?.failures ?? 0, acknowledgedFinished: stats?.finished ?? 0 },
    });
    await tx.wave.update({ where: { id }, data: { state: "running", pauseReason: null } });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "wave.resume",
      target: wave.name,
      after: { waveId: id, acknowledged: stats },
    });
    await emitEvent(tx, "wave.resumed", { waveId: id, name: wave.name });
  });
}

export async function abortWave(actor: Actor, id: number): Promise<void> {
  await db().$transaction(async (tx) => {
    const wave = await lockWave(tx, id, ["draft", "running", "paused"], "abort");
    const now = new Date();
    await withdrawUnsent(tx, id, "wave aborted", "skipped", now);
    await tx.waveDevice.updateMany({
      where: { waveId: id, state: "pending" },
      data: { state: "skipped", reason: "wave aborted", finishedAt: now, updatedAt: now },
    });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "wave.abort",
      target: wave.name,
      after: { waveId: id },
    });
    await finishWave(tx, wave, "aborted", now);
  });
}

/** Rolls back a stage's devices, or the wave's failed ones; returns how many were queued. */
export async function rollbackWave(actor: Actor, id: number, stage?: number): Promise<number> {
  const queued = await db().$transaction(
    async (tx) => {
      const wave = await lockWave(tx, id, ["running", "paused", "done", "aborted"], "roll back");
      const scope = stage === undefined ? { failedOnly: true } : { stage };
      // In batches (each device leaves the scope once handled), bounded.
      const devices: number[] = [];
      for (let i = 0; i < 500; i++) {
        const batch = await rollbackDevices(tx, wave, scope, new Date());
        devices.push(...batch.queued);
        if (batch.handled === 0) break;
      }
      await recordAudit(tx, {
        operatorId: actor.id,
        action: "wave.rollback",
        target: wave.name,
        after: { waveId: id, stage: stage ?? "failed devices", queued: devices.length },
      });
      return devices;
    },
    { timeout: 60_000 },
  );
  for (const deviceId of queued) notifyQueued(deviceId);
  return queued.length;
}
