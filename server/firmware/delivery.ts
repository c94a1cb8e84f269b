// Sending a store image to one device: a Download (files, firmware) or a ChangeDUState Install/Update
// (deployment units), with per-transfer credentials and the image's size and name. The console's
// device page, bulk jobs, RequestDownload's policy and waves all queue through here.
import { isDeploymentUnit } from "../../lib/firmware/file-types";
import type { FirmwareImage, Prisma, Task } from "../generated/prisma/client";
import { insertTasks } from "../tasks/service";
import { fileServerUrl, imagePath } from "./file-base";
import { attachGrant, issueGrant } from "./grants";

type Tx = Prisma.TransactionClient;

export interface DeliveryOptions {
  deviceId: number;
  image: FirmwareImage;
  /** Correlates the TransferComplete / DUStateChangeComplete with the task (max 32 characters). */
  commandKey: string;
  createdBy: string;
  batchId?: string;
  delaySeconds?: number;
  /** Default: the image's file name. */
  targetFileName?: string;
  /** The task's expiry (also the credentials' unless later). */
  expiresAt?: Date;
  /** A deployment unit already on the device: Update instead of Install. */
  duOperation?: "Install" | "Update";
  /**
   * A multicast wave's flute:// URL (server/firmware/multicast/download-url.ts): the Download names
   * the FLUTE session instead of the file server, with no credentials (nothing per device to grant).
   */
  multicastUrl?: string;
}

/** The Download (or ChangeDUState) request for `image`, with fresh credentials; the task is queued in tx. */
export async function queueImageDelivery(tx: Tx, options: DeliveryOptions): Promise<Task> {
  const { image, deviceId } = options;
  const multicast = options.multicastUrl !== undefined && !isDeploymentUnit(image.fileType);
  const { grant, username, password } = multicast
    ? { grant: null, username: "", password: "" }
    : await issueGrant(tx, {
        deviceId,
        purpose: "download",
        imageId: image.id,
        expiresAt: options.expiresAt,
      });
  const url = multicast ? options.multicastUrl! : fileServerUrl() + imagePath(image);
  const request = isDeploymentUnit(image.fileType)
    ? {
        name: "ChangeDUState",
        commandKey: options.commandKey,
        operations: [
          options.duOperation === "Update"
            ? { op: "Update", uuid: image.duUuid, version: "", url, username, password }
            : { op: "Install", url, uuid: image.duUuid, username, password, executionEnvRef: "" },
        ],
      }
    : {
        name: "Download",
        commandKey: options.commandKey,
        fileType: image.fileType,
        url,
        username,
        password,
        fileSize: Number(image.size),
        targetFileName: options.targetFileName ?? image.fileName,
        delaySeconds: options.delaySeconds ?? 0,
        successUrl: "",
        failureUrl: "",
      };
  const [task] = await insertTasks(tx, deviceId, [request], {
    createdBy: options.createdBy,
    batchId: options.batchId,
    expiresAt: options.expiresAt,
  });
  if (grant) await attachGrant(tx, grant.id, task!.id);
  return task!;
}
