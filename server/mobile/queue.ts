// Operator actions on a mobile (the console's device page, REST and firmware waves call these): DM
// tasks of protocol "omadm" and their audit row in one transaction, then the mobile is woken
// (package 0). Tasks are rows in the same Task table as CWMP ones, written here only because
// server/tasks' queue parses CWMP requests; the lifecycle is the same (server/mobile/dm-tasks.ts).
import { randomBytes } from "node:crypto";
import { recordAudit } from "../audit/service";
import type { Actor } from "../core/actor";
import { AppError } from "../core/app-error";
import { db } from "../db";
import { fileServerUrl, imagePath } from "../firmware/file-base";
import { attachGrant, issueGrant } from "../firmware/grants";
import type { Prisma } from "../generated/prisma/client";
import { asJson } from "../json";
import { sealSecret } from "../secrets-file";
import { defaultExpiry } from "../tasks/lifetime";
import { notifyQueued } from "../tasks/service";
import { dmRequestSchema, dmUriSchema, type DM_FORMATS, type DmRequest } from "./dm-requests";

type Tx = Prisma.TransactionClient;

export interface QueuedDm {
  taskId: number;
}

async function assertMobile(tx: Tx, deviceId: number): Promise<void> {
  const device = await tx.device.findUnique({ where: { id: deviceId }, select: { protocol: true } });
  if (!device) throw new AppError("not_found", `device ${deviceId} not found`);
  if (device.protocol !== "omadm")
    throw new AppError("conflict", `device ${deviceId} is not managed over OMA DM`);
}

/** Insert one DM task in the caller's transaction (a wave queues many; the caller wakes the devices). */
export async function insertDmTask(
  tx: Tx,
  deviceId: number,
  request: DmRequest,
  options: { createdBy: string; batchId?: string; expiresAt?: Date },
): Promise<number> {
  await assertMobile(tx, deviceId);
  const checked = dmRequestSchema.parse(request);
  const task = await tx.task.create({
    data: {
      deviceId,
      protocol: "omadm",
      name: checked.name,
      request: asJson(checked),
      createdBy: options.createdBy,
      expiresAt: options.expiresAt ?? defaultExpiry(),
      ...(options.batchId ? { batchId: options.batchId } : {}),
    },
  });
  return task.id;
}

async function queueAudited(
  actor: Actor,
  deviceId: number,
  request: DmRequest,
  action: string,
  target: string,
  after: object,
) {
  const taskId = await db().$transaction(async (tx) => {
    const id = await insertDmTask(tx, deviceId, request, { createdBy: actor.username });
    await recordAudit(tx, {
      operatorId: actor.id,
      action,
      deviceId,
      target,
      after: { ...after, taskIds: [id] },
    });
    return id;
  });
  notifyQueued(deviceId);
  return { taskId };
}

function uri(value: string): string {
  const parsed = dmUriSchema.safeParse(value);
  if (!parsed.success)
    throw new AppError("invalid_input", `${JSON.stringify(value)} is not a DM URI (./Node/Leaf)`);
  return parsed.data;
}

export async function queueDmGet(actor: Actor, deviceId: number, path: string): Promise<QueuedDm> {
  return queueAudited(actor, deviceId, { name: "DmGet", uri: uri(path) }, "device.dm.get", path, {});
}

export async function queueDmReplace(
  actor: Actor,
  deviceId: number,
  path: string,
  value: string,
  format: (typeof DM_FORMATS)[number] = "chr",
): Promise<QueuedDm> {
  const request = { name: "DmReplace" as const, uri: uri(path), value, format };
  // The audit row names the value like a parameter edit (secret leaves are redacted by recordAudit).
  return queueAudited(actor, deviceId, request, "device.dm.replace", path, { value, format });
}

export async function queueDmExec(
  actor: Actor,
  deviceId: number,
  path: string,
  data?: string,
): Promise<QueuedDm> {
  const request = { name: "DmExec" as const, uri: uri(path), ...(data !== undefined ? { data } : {}) };
  return queueAudited(actor, deviceId, request, "device.dm.exec", path, {});
}

export interface FumoOptions {
  /** the FUMO node (default ./FUMO/1) */
  node?: string;
  batchId?: string;
  expiresAt?: Date;
}

/**
 * A FUMO update with a store image in the caller's transaction: a per-transfer grant (its credentials
 * in the PkgURL, sealed in the task), Replace PkgURL + Exec DownloadAndUpdate with a Correlator; the
 * Generic Alert 1226 carrying the same Correlator ends the task (server/mobile/dm-tasks.ts).
 */
export async function insertFumoUpdate(
  tx: Tx,
  deviceId: number,
  imageId: number,
  createdBy: string,
  options: FumoOptions = {},
) {
  const image = await tx.firmwareImage.findUnique({ where: { id: imageId } });
  if (!image) throw new AppError("not_found", `image ${imageId} not found`);
  if (image.state !== "published")
    throw new AppError("conflict", `image ${imageId} is ${image.state}, not published`);
  const grant = await issueGrant(tx, {
    deviceId,
    purpose: "download",
    imageId,
    expiresAt: options.expiresAt,
  });
  const url = new URL(fileServerUrl() + imagePath(image));
  url.username = grant.username;
  url.password = grant.password;
  const request: DmRequest = {
    name: "FumoUpdate",
    node: uri(options.node ?? "./FUMO/1"),
    imageId,
    pkgUrlSealed: sealSecret(url.toString()),
    correlator: `fumo-${randomBytes(6).toString("hex")}`,
    pkgUrlLeaf: "DownloadAndUpdate/PkgURL",
  };
  const taskId = await insertDmTask(tx, deviceId, request, {
    createdBy,
    batchId: options.batchId,
    expiresAt: options.expiresAt,
  });
  await attachGrant(tx, grant.grant.id, taskId);
  return { taskId, correlator: request.correlator };
}

export async function queueFumoUpdate(
  actor: Actor,
  deviceId: number,
  imageId: number,
  options: FumoOptions = {},
) {
  const queued = await db().$transaction(async (tx) => {
    const q = await insertFumoUpdate(tx, deviceId, imageId, actor.username, options);
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "device.fumo.update",
      deviceId,
      target: `image ${imageId}`,
      after: { imageId, taskIds: [q.taskId] },
    });
    return q;
  });
  notifyQueued(deviceId);
  return queued;
}
