// Asking a CPE for a file (Upload RPC, TR-069 A.4.1.5): a configuration backup or a log, sent to the
// file server with credentials of its own. The file arrives as a DeviceFile (file-server/upload.ts).
import { randomBytes } from "node:crypto";
import type { UPLOAD_FILE_TYPES } from "../../lib/firmware/file-types";
import { recordAudit } from "../audit/service";
import type { Actor } from "../core/actor";
import { AppError } from "../core/app-error";
import { db } from "../db";
import { insertTasks, notifyQueued } from "../tasks/service";
import { fileServerUrl, uploadPath } from "./file-base";
import { attachGrant, issueGrant } from "./grants";

export type UploadFileType = (typeof UPLOAD_FILE_TYPES)[number];

export async function requestUpload(
  actor: Actor,
  input: { deviceId: number; fileType: UploadFileType },
): Promise<{ taskId: number }> {
  const device = await db().device.findUnique({ where: { id: input.deviceId }, select: { id: true } });
  if (!device) throw new AppError("not_found", `device ${input.deviceId} not found`);
  const commandKey = `up-${randomBytes(6).toString("hex")}`;
  const task = await db().$transaction(async (tx) => {
    const { grant, username, password } = await issueGrant(tx, {
      deviceId: input.deviceId,
      purpose: "upload",
      fileType: input.fileType,
    });
    const request = {
      name: "Upload",
      commandKey,
      fileType: input.fileType,
      url: fileServerUrl() + uploadPath(username),
      username,
      password,
      delaySeconds: 0,
    };
    const [queued] = await insertTasks(tx, input.deviceId, [request], {
      createdBy: actor.username,
      expiresAt: grant.expiresAt,
    });
    await attachGrant(tx, grant.id, queued!.id);
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "device.upload",
      deviceId: input.deviceId,
      target: input.fileType,
      after: { fileType: input.fileType, commandKey, taskId: queued!.id },
    });
    return queued!;
  });
  notifyQueued(input.deviceId);
  return { taskId: task.id };
}

/** A device's uploaded files, newest first (metadata only). */
export function listDeviceFiles(deviceId: number) {
  return db().deviceFile.findMany({
    where: { deviceId },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: {
      id: true,
      taskId: true,
      fileType: true,
      fileName: true,
      size: true,
      sha256: true,
      contentType: true,
      createdAt: true,
    },
  });
}
