// What the device page's Software tab reads: the images an operator may send (applicable first, with
// the reason for the rest), the device's recent transfers with their outcome, and the RequestDownload
// decisions. No credential leaves here: task requests are not selected, only their file type and key.
import { appliesTo, isOffered } from "../../lib/firmware/applicability";
import { DEPLOYMENT_UNIT_TYPE } from "../../lib/firmware/file-types";
import { AppError } from "../core/app-error";
import { db } from "../db";
import { priorResult } from "../tasks/service";
import { REQUEST_DOWNLOAD_EVENT } from "./request-download";

export async function sendableImages(deviceId: number) {
  const device = await db().device.findUnique({
    where: { id: deviceId },
    select: { oui: true, productClass: true, hardwareVersion: true, softwareVersion: true },
  });
  if (!device) throw new AppError("not_found", `device ${deviceId} not found`);
  const images = await db().firmwareImage.findMany({
    where: { state: "published", fileType: { not: DEPLOYMENT_UNIT_TYPE } },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    take: 200,
  });
  return images
    .map((image) => {
      const offered = isOffered(image);
      const applies = appliesTo(image, device);
      return {
        id: image.id,
        fileName: image.fileName,
        version: image.version,
        fileType: image.fileType,
        size: Number(image.size),
        releaseDate: image.releaseDate,
        offered: offered.ok,
        applies: applies.ok,
        reason: !offered.ok ? offered.reason : !applies.ok ? applies.reason : null,
      };
    })
    .sort((a, b) => Number(b.offered && b.applies) - Number(a.offered && a.applies));
}

const TRANSFER_TASKS = ["Download", "ScheduleDownload", "Upload"];

export async function transferTasks(deviceId: number) {
  const tasks = await db().task.findMany({
    where: { deviceId, name: { in: TRANSFER_TASKS } },
    orderBy: { id: "desc" },
    take: 20,
    select: {
      id: true,
      name: true,
      state: true,
      createdBy: true,
      createdAt: true,
      sentAt: true,
      completedAt: true,
      faultCode: true,
      faultString: true,
      lastError: true,
      result: true,
      request: true,
    },
  });
  return tasks.map((t) => {
    const request = (t.request ?? {}) as {
      fileType?: unknown;
      commandKey?: unknown;
      targetFileName?: unknown;
    };
    const result = priorResult(t.result);
    const transfer = result.transferComplete as { faultStruct?: { faultCode?: number } } | undefined;
    const str = (v: unknown) => (typeof v === "string" ? v : null);
    return {
      id: t.id,
      name: t.name,
      state: t.state,
      createdBy: t.createdBy,
      createdAt: t.createdAt,
      sentAt: t.sentAt,
      completedAt: t.completedAt,
      fileType: str(request.fileType) ?? "",
      commandKey: str(request.commandKey) ?? "",
      targetFileName: str(request.targetFileName),
      versionBefore: str(result.softwareVersionBefore),
      versionAfter: str(result.softwareVersionAfter),
      faultCode: t.faultCode ?? transfer?.faultStruct?.faultCode ?? null,
      reason: t.faultString ?? t.lastError ?? null,
    };
  });
}

export async function requestDownloadDecisions(deviceId: number) {
  const events = await db().deviceEvent.findMany({
    where: { deviceId, type: REQUEST_DOWNLOAD_EVENT },
    orderBy: { receivedAt: "desc" },
    take: 50,
  });
  return events.map((e) => {
    const p = (e.payload ?? {}) as {
      request?: { fileType?: string };
      decision?: string;
      reason?: string;
      imageId?: number;
      taskId?: number;
    };
    return {
      id: String(e.id),
      at: e.receivedAt,
      fileType: p.request?.fileType ?? "",
      decision: p.decision === "granted" ? ("granted" as const) : ("refused" as const),
      reason: p.reason ?? "",
      imageId: typeof p.imageId === "number" ? p.imageId : null,
      taskId: typeof p.taskId === "number" ? p.taskId : null,
    };
  });
}
