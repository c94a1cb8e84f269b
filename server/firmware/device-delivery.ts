// Sending a store image to one device from the console: the image must be offered (published,
// released, not blocked) and apply to the device unless the operator forces it; queued through
// queueImageDelivery (or as a ScheduleDownload with time windows) with its audit row in one
// transaction, the device woken after commit. Deployment units go through the apps panel instead.
import { randomBytes } from "node:crypto";
import { appliesTo, isOffered } from "../../lib/firmware/applicability";
import { isDeploymentUnit } from "../../lib/firmware/file-types";
import { recordAudit } from "../audit/service";
import type { Actor } from "../core/actor";
import { AppError } from "../core/app-error";
import { db } from "../db";
import type { FirmwareImage, Prisma, Task } from "../generated/prisma/client";
import { insertTasks, notifyQueued } from "../tasks/service";
import { queueImageDelivery } from "./delivery";
import { fileServerUrl, imagePath } from "./file-base";
import { attachGrant, issueGrant } from "./grants";

type Tx = Prisma.TransactionClient;

export const WINDOW_MODES = [
  "1 At Any Time",
  "2 Immediately",
  "3 When Idle",
  "4 Confirmation Needed",
] as const;

export interface TimeWindow {
  /** Seconds after the CPE receives the RPC */
  windowStart: number;
  windowEnd: number;
  windowMode: (typeof WINDOW_MODES)[number];
  userMessage?: string;
}

export interface SendImageInput {
  deviceId: number;
  imageId: number;
  targetFileName?: string;
  delaySeconds?: number;
  commandKey?: string;
  /** 1–2 windows: sent as ScheduleDownload instead of Download */
  schedule?: TimeWindow[];
  /** Send even when the image's model or from-version lists exclude the device */
  force?: boolean;
}

/** A CommandKey (≤ 32 characters) that names the image and is unique per send. */
export function deliveryCommandKey(prefix: string, imageId: number): string {
  return `${prefix}-${imageId}-${randomBytes(4).toString("hex")}`.slice(0, 32);
}

export async function sendImage(actor: Actor, input: SendImageInput): Promise<{ taskId: number }> {
  const [device, image] = await Promise.all([
    db().device.findUnique({
      where: { id: input.deviceId },
      select: { oui: true, productClass: true, hardwareVersion: true, softwareVersion: true },
    }),
    db().firmwareImage.findUnique({ where: { id: input.imageId } }),
  ]);
  if (!device) throw new AppError("not_found", `device ${input.deviceId} not found`);
  if (!image) throw new AppError("not_found", `image ${input.imageId} not found`);
  if (isDeploymentUnit(image.fileType))
    throw new AppError("invalid_input", "a deployment unit is installed from the Applications panel");
  const offered = isOffered(image);
  if (!offered.ok) throw new AppError("conflict", `image ${image.version} cannot be sent: ${offered.reason}`);
  const applies = appliesTo(image, device);
  if (!applies.ok && !input.force)
    throw new AppError("conflict", `image ${image.version} does not apply: ${applies.reason}`);
  const commandKey = input.commandKey || deliveryCommandKey("dl", image.id);

  const task = await db().$transaction(async (tx) => {
    const queued = input.schedule?.length
      ? await queueScheduledDownload(tx, actor.username, input.deviceId, image, commandKey, input)
      : await queueImageDelivery(tx, {
          deviceId: input.deviceId,
          image,
          commandKey,
          createdBy: actor.username,
          delaySeconds: input.delaySeconds,
          targetFileName: input.targetFileName || undefined,
        });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "device.download",
      deviceId: input.deviceId,
      target: `${image.fileName} (${image.version})`,
      after: {
        imageId: image.id,
        version: image.version,
        fileType: image.fileType,
        commandKey,
        rpc: queued.name,
        targetFileName: input.targetFileName ?? image.fileName,
        delaySeconds: input.delaySeconds ?? 0,
        schedule: input.schedule ?? null,
        forced: !applies.ok ? applies.reason : null,
        taskId: queued.id,
      },
    });
    return queued;
  });
  notifyQueued(input.deviceId);
  return { taskId: task.id };
}

/**
 * ScheduleDownload (TR-069 A.4.1.8): the same transfer inside time windows the CPE honours. Whether
 * the CPE supports it is not recorded, so it is offered and a CPE without it answers a fault (9000),
 * which the task shows.
 */
async function queueScheduledDownload(
  tx: Tx,
  createdBy: string,
  deviceId: number,
  image: FirmwareImage,
  commandKey: string,
  input: SendImageInput,
): Promise<Task> {
  const windows = input.schedule!;
  const lastEnd = Math.max(...windows.map((w) => w.windowEnd));
  // The transfer's credentials (and the task) live past the last window.
  const expiresAt = new Date(Date.now() + (lastEnd + 3600) * 1000);
  const { grant, username, password } = await issueGrant(tx, {
    deviceId,
    purpose: "download",
    imageId: image.id,
    expiresAt,
  });
  const request = {
    name: "ScheduleDownload",
    commandKey,
    fileType: image.fileType,
    url: fileServerUrl() + imagePath(image),
    username,
    password,
    fileSize: Number(image.size),
    targetFileName: input.targetFileName || image.fileName,
    timeWindowList: windows.map((w) => ({ ...w, userMessage: w.userMessage ?? "", maxRetries: 0 })),
  };
  const [task] = await insertTasks(tx, deviceId, [request], { createdBy, expiresAt });
  await attachGrant(tx, grant.id, task!.id);
  return task!;
}
