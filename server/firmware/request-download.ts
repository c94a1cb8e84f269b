// A CPE's RequestDownload (TR-069 A.4.2.3), answered by policy: the newest image offered to this device
// (published, released, not blocked, applicable to its model and current version) of the asked
// FileType is queued with fresh credentials, for this session or the next; otherwise the request is
// refused with the reason. Every decision is a DeviceEvent on the device's timeline. A CPE asking in
// a loop is refused while its transfer is pending, and beyond a request budget per hour.
import { appliesTo, isOffered } from "../../lib/firmware/applicability";
import { isDeploymentUnit } from "../../lib/firmware/file-types";
import type { CpeRequest } from "../cwmp/soap/types";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { asJson } from "../json";
import { logger } from "../logger";
import { notifyQueued } from "../tasks/service";
import { queueImageDelivery } from "./delivery";
import { deliveryCommandKey } from "./device-delivery";
import { offeredImagesFor } from "./images/offered";

type RequestDownload = Extract<CpeRequest, { name: "RequestDownload" }>;
type Tx = Prisma.TransactionClient;

export const REQUEST_DOWNLOAD_EVENT = "RequestDownload";
/** Requests one device may make per hour before it is refused without a look at the store. */
export const MAX_REQUESTS_PER_HOUR = 20;
const PENDING = ["queued", "sent", "waiting"] as const;

export interface RequestDownloadDecision {
  decision: "granted" | "refused";
  reason: string;
  imageId?: number;
  taskId?: number;
}

export async function answerRequestDownload(deviceId: number, message: RequestDownload): Promise<void> {
  const request = {
    fileType: message.fileType.slice(0, 80),
    fileTypeArg: message.fileTypeArg.slice(0, 16),
  };
  let queued = false;
  try {
    const decision = await db().$transaction(async (tx) => {
      const d = await decide(tx, deviceId, request.fileType);
      await tx.deviceEvent.create({
        data: { deviceId, type: REQUEST_DOWNLOAD_EVENT, payload: asJson({ request, ...d }) },
      });
      return d;
    });
    queued = decision.decision === "granted";
  } catch (err) {
    // The CPE still gets its RequestDownloadResponse; the failure is the ACS's, logged here.
    logger("firmware").error({ err, deviceId }, "RequestDownload could not be decided");
  }
  if (queued) notifyQueued(deviceId);
}

async function decide(tx: Tx, deviceId: number, fileType: string): Promise<RequestDownloadDecision> {
  const refused = (reason: string): RequestDownloadDecision => ({ decision: "refused", reason });
  const device = await tx.device.findUnique({
    where: { id: deviceId },
    select: { oui: true, productClass: true, hardwareVersion: true, softwareVersion: true },
  });
  if (!device) return refused("unknown device");
  if (isDeploymentUnit(fileType)) return refused("deployment units are installed by the ACS, not requested");
  const recent = await tx.deviceEvent.count({
    where: { deviceId, type: REQUEST_DOWNLOAD_EVENT, receivedAt: { gt: new Date(Date.now() - 3_600_000) } },
  });
  if (recent >= MAX_REQUESTS_PER_HOUR)
    return refused(`more than ${MAX_REQUESTS_PER_HOUR} requests in an hour`);

  const [image] = await offeredImagesFor(tx, device, fileType);
  if (!image) return refused(await whyNone(tx, device, fileType));
  const grants = await tx.fileGrant.findMany({
    where: { deviceId, imageId: image.id, purpose: "download", taskId: { not: null } },
    select: { taskId: true },
    orderBy: { id: "desc" },
    take: 20,
  });
  const pending = await tx.task.count({
    where: { id: { in: grants.map((g) => g.taskId!) }, state: { in: [...PENDING] } },
  });
  if (pending > 0)
    return { decision: "refused", reason: `already pending: ${image.version}`, imageId: image.id };
  const task = await queueImageDelivery(tx, {
    deviceId,
    image,
    commandKey: deliveryCommandKey("rd", image.id),
    createdBy: "RequestDownload",
  });
  return { decision: "granted", reason: `offered ${image.version}`, imageId: image.id, taskId: task.id };
}

/** The refusal an operator understands: the closest image and what keeps it from this device. */
async function whyNone(
  tx: Tx,
  device: { oui: string; productClass: string; hardwareVersion: string; softwareVersion: string },
  fileType: string,
): Promise<string> {
  const images = await tx.firmwareImage.findMany({
    where: { fileType },
    orderBy: { id: "desc" },
    take: 200,
    select: {
      version: true,
      fileType: true,
      state: true,
      releaseDate: true,
      ouis: true,
      productClasses: true,
      hardwareVersions: true,
      fromVersions: true,
    },
  });
  // An image made for this device but held back says more than "nothing applies".
  for (const image of images) {
    if (!appliesTo(image, device).ok) continue;
    const offered = isOffered(image);
    if (!offered.ok) return `${image.version} ${offered.reason}`;
  }
  const model = [device.productClass, device.softwareVersion].filter(Boolean).join(" ");
  return `no released image of type ${fileType || "(none)"} applies to ${model || "this device"}`;
}
