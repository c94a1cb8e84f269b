// A bulk "download" job's devices: each gets the store image through queueImageDelivery (a Download
// with credentials of its own), in the runner's transaction, when the image is still offered and
// applies to the device; otherwise the item fails with the reason (no task is queued for it).
import { appliesTo, isOffered } from "../../lib/firmware/applicability";
import { isDeploymentUnit } from "../../lib/firmware/file-types";
import { queueImageDelivery } from "../firmware/delivery";
import type { BulkJob, Prisma } from "../generated/prisma/client";
import { batchIdOf } from "./actions";

type Tx = Prisma.TransactionClient;

export async function startDownloads(
  tx: Tx,
  job: BulkJob,
  imageId: number,
  items: { id: bigint; deviceId: number }[],
  expiresAt: Date,
): Promise<void> {
  const now = new Date();
  const image = await tx.firmwareImage.findUnique({ where: { id: imageId } });
  const offered = image ? isOffered(image) : null;
  const refusal = !image
    ? "image deleted"
    : isDeploymentUnit(image.fileType)
      ? "a deployment unit is installed by a wave, not a bulk download"
      : offered && !offered.ok
        ? `image ${image.version} ${offered.reason}`
        : null;
  const devices = await tx.device.findMany({
    where: { id: { in: items.map((i) => i.deviceId) } },
    select: { id: true, oui: true, productClass: true, hardwareVersion: true, softwareVersion: true },
  });
  const byId = new Map(devices.map((d) => [d.id, d]));
  let failed = 0;
  for (const item of items) {
    const device = byId.get(item.deviceId);
    const applies = image && device ? appliesTo(image, device) : null;
    const reason = refusal ?? (!device ? "device no longer exists" : applies?.ok ? null : applies?.reason);
    if (reason || !image) {
      failed++;
      await tx.bulkJobItem.update({
        where: { id: item.id },
        data: { state: "failed", message: `not sent: ${reason ?? "image deleted"}`, updatedAt: now },
      });
      continue;
    }
    const task = await queueImageDelivery(tx, {
      deviceId: item.deviceId,
      image,
      commandKey: batchIdOf(job.id),
      createdBy: job.createdBy,
      batchId: batchIdOf(job.id),
      expiresAt,
    });
    await tx.bulkJobItem.update({
      where: { id: item.id },
      data: { state: "waiting", taskId: task.id, updatedAt: now },
    });
  }
  if (failed > 0) await tx.bulkJob.update({ where: { id: job.id }, data: { failed: { increment: failed } } });
}
