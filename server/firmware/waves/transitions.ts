// A wave's state changes, each audited and announced in the transaction that makes it: by an operator
// (operatorId) or by the engine (null).
import type { Prisma, Wave } from "../../generated/prisma/client";
import { recordAudit } from "../../audit/service";
import { emitEvent } from "../../events/outbox";
import { withdrawUnsent } from "./observe";
import { endWaveSession } from "../multicast/session";

type Tx = Prisma.TransactionClient;

export async function pauseWave(tx: Tx, wave: Wave, reason: string, operatorId: number | null, now: Date) {
  await tx.wave.update({ where: { id: wave.id }, data: { state: "paused", pauseReason: reason } });
  const withdrawn = await withdrawUnsent(tx, wave.id, "wave paused", "pending", now);
  // The carousel stops with the wave; resuming restarts it (same session row, counters kept).
  await endWaveSession(tx, wave.id, "stopped", now);
  await recordAudit(tx, {
    operatorId,
    action: operatorId === null ? "wave.auto_pause" : "wave.pause",
    target: wave.name,
    after: { waveId: wave.id, reason, withdrawn },
  });
  await emitEvent(tx, "wave.paused", {
    waveId: wave.id,
    name: wave.name,
    reason,
    automatic: operatorId === null,
  });
}

export async function completeStage(tx: Tx, wave: Wave, stage: number, waitMinutes: number, now: Date) {
  await tx.waveStage.update({
    where: { waveId_index: { waveId: wave.id, index: stage } },
    data: { state: "done", completedAt: now },
  });
  await recordAudit(tx, {
    operatorId: null,
    action: "wave.stage_completed",
    target: wave.name,
    after: { waveId: wave.id, stage },
  });
  await emitEvent(tx, "wave.stage_completed", { waveId: wave.id, name: wave.name, stage });
  const next = await tx.waveStage.findUnique({
    where: { waveId_index: { waveId: wave.id, index: stage + 1 } },
  });
  if (next) {
    await tx.wave.update({
      where: { id: wave.id },
      data: { currentStage: stage + 1, stageStartAt: new Date(now.getTime() + waitMinutes * 60_000) },
    });
  }
}

export async function finishWave(tx: Tx, wave: Wave, state: "done" | "aborted", now: Date) {
  await tx.wave.update({ where: { id: wave.id }, data: { state, finishedAt: now } });
  await endWaveSession(tx, wave.id, state === "done" ? "done" : "stopped", now);
  const counts = await tx.waveDevice.groupBy({ by: ["state"], where: { waveId: wave.id }, _count: true });
  const summary = Object.fromEntries(counts.map((c) => [c.state, c._count]));
  if (state === "done")
    await recordAudit(tx, {
      operatorId: null,
      action: "wave.finished",
      target: wave.name,
      after: { waveId: wave.id, ...summary },
    });
  await emitEvent(tx, "wave.finished", { waveId: wave.id, name: wave.name, state, devices: summary });
}
