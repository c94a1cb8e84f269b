// One step of one wave, run by the engine in a transaction holding the wave's row lock: read what the
// devices did, roll back failures when asked to, judge the current stage (auto-pause, complete, next
// stage after the wait and the gates), then start devices within the window, the caps and the rate.
import type { Prisma, Wave } from "../../generated/prisma/client";
import { wavePlanSchema, type WavePlan } from "../../../lib/firmware/wave-schema";
import { recordAudit } from "../../audit/service";
import { checkGates } from "./gates";
import { devicesToWakeAgain, observeDevices, withdrawUnsent } from "./observe";
import { rollbackDevices } from "./rollback";
import { criteriaBreach, stageStats } from "./stage-stats";
import { startDevices } from "./start-devices";
import { completeStage, finishWave, pauseWave } from "./transitions";
import { windowState } from "./window";
import { fallBackToUnicast } from "../multicast/fallback";
import { endWaveSession, multicastInFlight } from "../multicast/session";

type Tx = Prisma.TransactionClient;

export interface WaveStepResult {
  /** Devices with newly queued tasks, to wake once the transaction has committed. */
  queuedDevices: number[];
}

export async function stepWave(tx: Tx, wave: Wave, now = new Date()): Promise<WaveStepResult> {
  const parsed = wavePlanSchema.safeParse(wave.plan);
  if (!parsed.success) {
    await pauseWave(tx, wave, "the stored plan is invalid", null, now);
    return { queuedDevices: [] };
  }
  const plan = parsed.data;
  const queued: number[] = [];
  if (wave.delivery === "multicast") {
    const image = await tx.firmwareImage.findUniqueOrThrow({ where: { id: wave.imageId } });
    const open = !plan.window || windowState(plan.window, now).open;
    const then =
      wave.state === "running"
        ? open
          ? "retry"
          : "pending"
        : wave.state === "paused"
          ? "pending"
          : "skipped";
    queued.push(...(await fallBackToUnicast(tx, wave, image, plan, now, then)));
  }
  const result = await stepPlan(tx, wave, plan, queued, now);
  // The carousel runs while a device waits on it; a stage's wait, a closed window or the end stop it.
  if (wave.delivery === "multicast" && !(await multicastInFlight(tx, wave.id)))
    await endWaveSession(tx, wave.id, "done", now);
  return result;
}

async function stepPlan(
  tx: Tx,
  wave: Wave,
  plan: WavePlan,
  queued: number[],
  now: Date,
): Promise<WaveStepResult> {
  await observeDevices(tx, wave.id, plan, now);
  queued.push(...(await devicesToWakeAgain(tx, wave.id, now)));
  if (plan.autoRollback) queued.push(...(await rollbackDevices(tx, wave, { failedOnly: true }, now)).queued);
  if (wave.state !== "running") return { queuedDevices: queued };

  const stage = await tx.waveStage.findUnique({
    where: { waveId_index: { waveId: wave.id, index: wave.currentStage } },
  });
  if (!stage) {
    await finishWave(tx, wave, "done", now);
    return { queuedDevices: queued };
  }
  const stats = await stageStats(tx, wave.id, stage.index);
  const acknowledged = { failures: stage.acknowledgedFailures, finished: stage.acknowledgedFinished };
  const breach = criteriaBreach(stats, acknowledged, plan, stage.name);
  if (breach) {
    await pauseWave(tx, wave, breach, null, now);
    return { queuedDevices: queued };
  }
  let stageState = stage.state;
  if (stageState === "running" && stats.open === 0) {
    await completeStage(tx, wave, stage.index, plan.waitMinutes, now);
    const after = await tx.wave.findUniqueOrThrow({ where: { id: wave.id } });
    if (after.currentStage !== wave.currentStage) return { queuedDevices: queued };
    stageState = "done";
  }
  // The last stage is done: the wave ends once no device is in flight or carried (carried ones are
  // retried in the next windows, a few times).
  if (stageState === "done" && (await finishIfIdle(tx, wave, now))) return { queuedDevices: queued };
  if (stage.state === "pending") {
    if (wave.stageStartAt && wave.stageStartAt > now) return { queuedDevices: queued };
    if (stage.index > 0) {
      const verdict = await checkGates({
        waveId: wave.id,
        stage: stage.index,
        verifiedDeviceIds: await verifiedIds(tx, wave.id),
        tx,
        plan,
      });
      if (!verdict.ok) {
        await pauseWave(tx, wave, `gate before ${stage.name}: ${verdict.reason}`, null, now);
        return { queuedDevices: queued };
      }
    }
    await tx.waveStage.update({ where: { id: stage.id }, data: { state: "running", startedAt: now } });
    await recordAudit(tx, {
      operatorId: null,
      action: "wave.stage_started",
      target: wave.name,
      after: { waveId: wave.id, stage: stage.index },
    });
  }
  const window = plan.window ? windowState(plan.window, now) : null;
  if (window && !window.open) {
    // Downloads queued in a window that closed and not yet taken by a session wait for the next.
    await withdrawUnsent(
      tx,
      wave.id,
      "carried: the window closed before the device connected",
      "pending",
      now,
    );
    return { queuedDevices: queued };
  }
  queued.push(...(await startDevices(tx, wave, plan, stage.index, now)));
  return { queuedDevices: queued };
}

async function finishIfIdle(tx: Tx, wave: Wave, now: Date): Promise<boolean> {
  const open = await tx.waveDevice.count({
    where: { waveId: wave.id, state: { in: ["pending", "downloading", "rebooting", "rolling_back"] } },
  });
  if (open > 0) return false;
  await finishWave(tx, wave, "done", now);
  return true;
}

async function verifiedIds(tx: Tx, waveId: number): Promise<number[]> {
  const rows = await tx.waveDevice.findMany({
    where: { waveId, state: "verified" },
    select: { deviceId: true },
    take: 10_000,
  });
  return rows.map((r) => r.deviceId);
}
