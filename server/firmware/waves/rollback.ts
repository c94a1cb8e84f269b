// Rollback: a device is sent the image of the version it had before the wave (the wave's rollback
// image when one is set, else the store's newest non-blocked image of that version for its model).
// A device already back on that version is rolled back without a transfer; one with no such image in
// the store stays failed with that reason. Recorded per device (rollbackTaskId, state, reason).
import type { FirmwareImage, Prisma, Wave, WaveDevice } from "../../generated/prisma/client";
import { appliesTo } from "../../../lib/firmware/applicability";
import { queueImageDelivery } from "../delivery";

type Tx = Prisma.TransactionClient;

const MAX_PER_STEP = 200;

export interface RollbackScope {
  /** Devices that failed (auto-rollback, or the operator's "roll back failed devices"). */
  failedOnly?: boolean;
  /** A whole stage's verified and failed devices (the operator's stage rollback). */
  stage?: number;
}

/** Handles up to MAX_PER_STEP devices in scope; returns the devices queued and how many were handled. */
export async function rollbackDevices(
  tx: Tx,
  wave: Wave,
  scope: RollbackScope,
  now: Date,
): Promise<{ queued: number[]; handled: number }> {
  const rows = await tx.waveDevice.findMany({
    where: {
      waveId: wave.id,
      rollbackTaskId: null,
      ...(scope.stage !== undefined ? { stage: scope.stage } : {}),
      ...(scope.failedOnly
        ? { state: "failed", faultCode: { not: null } }
        : { state: { in: ["verified", "failed"] } }),
      // A device whose rollback failed or was impossible is not tried again.
      // (SQL NOT on a NULL reason would drop the rows with no reason at all.)
      OR: [{ reason: null }, { NOT: { reason: { contains: "rollback" } } }],
    },
    include: {
      device: { select: { oui: true, productClass: true, hardwareVersion: true, softwareVersion: true } },
    },
    orderBy: { position: "asc" },
    take: MAX_PER_STEP,
  });
  const wanted = await tx.firmwareImage.findUniqueOrThrow({ where: { id: wave.imageId } });
  const explicit = wave.rollbackImageId
    ? await tx.firmwareImage.findUnique({ where: { id: wave.rollbackImageId } })
    : null;
  const queued: number[] = [];
  for (const row of rows) {
    if (row.device.softwareVersion === row.fromVersion || !row.fromVersion) {
      await mark(
        tx,
        row,
        "rolled_back",
        row.fromVersion ? `already on ${row.fromVersion}` : "no previous version known",
        now,
      );
      continue;
    }
    const image = explicit ?? (await previousImage(tx, wanted, row));
    if (!image) {
      await mark(tx, row, "failed", `rollback impossible: no image of ${row.fromVersion} in the store`, now);
      continue;
    }
    const task = await queueImageDelivery(tx, {
      deviceId: row.deviceId,
      image,
      commandKey: `wave-${wave.id}-rb`,
      createdBy: `wave:${wave.id}`,
      batchId: `wave-${wave.id}`,
      duOperation: "Update",
    });
    await tx.waveDevice.update({
      where: { id: row.id },
      data: { state: "rolling_back", rollbackTaskId: task.id, updatedAt: now },
    });
    queued.push(row.deviceId);
  }
  return { queued, handled: rows.length };
}

async function mark(tx: Tx, row: WaveDevice, state: "rolled_back" | "failed", reason: string, now: Date) {
  // A failure keeps its first reason; the rollback's outcome is added to it.
  const text = row.reason ? `${row.reason}; ${reason}` : reason;
  await tx.waveDevice.update({
    where: { id: row.id },
    data: { state, reason: text.slice(0, 500), finishedAt: now, updatedAt: now, rollbackTaskId: null },
  });
}

async function previousImage(
  tx: Tx,
  wanted: FirmwareImage,
  row: WaveDevice & {
    device: { oui: string; productClass: string; hardwareVersion: string; softwareVersion: string };
  },
): Promise<FirmwareImage | null> {
  const candidates = await tx.firmwareImage.findMany({
    where: { version: row.fromVersion, fileType: wanted.fileType, state: { not: "blocked" } },
    orderBy: { id: "desc" },
    take: 20,
  });
  // Any upgrade path: the device is on the wave's image now, which a rollback image need not list.
  return candidates.find((c) => appliesTo({ ...c, fromVersions: [] }, row.device).ok) ?? null;
}
