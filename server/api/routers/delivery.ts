// Sending store images to one device, CPE uploads (ask, list), RequestDownload decisions, and the
// device's recent transfers. Services in server/firmware; each procedure asks for its permission.
import "server-only";
import { z } from "zod";
import { UPLOAD_FILE_TYPES } from "../../../lib/firmware/file-types";
import { recordId } from "../../../lib/ids";
import { sendImage } from "../../firmware/device-delivery";
import {
  deviceFileSchema,
  downloadDecisionSchema,
  sendableImageSchema,
  sendImageInput,
  transferSchema,
} from "../../firmware/delivery-outputs";
import {
  requestDownloadDecisions,
  sendableImages,
  transferTasks,
} from "../../firmware/device-delivery-queries";
import { listDeviceFiles, requestUpload } from "../../firmware/uploads";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const read = permissionProcedure("firmware.read");
const rollout = permissionProcedure("firmware.rollout");
const deviceInput = z.object({ deviceId: recordId });
const taskOutput = z.object({ taskId: z.number() });
export const deliveryRouter = createTRPCRouter({
  sendableImages: read
    .input(deviceInput)
    .output(z.array(sendableImageSchema))
    .query(({ input }) => sendableImages(input.deviceId)),

  sendImage: rollout
    .input(sendImageInput)
    .output(taskOutput)
    .mutation(({ ctx, input }) => sendImage(ctx.operator, input)),

  transfers: read
    .input(deviceInput)
    .output(z.array(transferSchema))
    .query(({ input }) => transferTasks(input.deviceId)),

  requestDownloadDecisions: read
    .input(deviceInput)
    .output(z.array(downloadDecisionSchema))
    .query(({ input }) => requestDownloadDecisions(input.deviceId)),

  requestUpload: permissionProcedure("devices.write")
    .input(z.object({ deviceId: recordId, fileType: z.enum(UPLOAD_FILE_TYPES) }))
    .output(taskOutput)
    .mutation(({ ctx, input }) => requestUpload(ctx.operator, input)),

  files: permissionProcedure("devices.files")
    .input(deviceInput)
    .output(z.array(deviceFileSchema))
    .query(async ({ input }) =>
      (await listDeviceFiles(input.deviceId)).map((f) => ({ ...f, size: Number(f.size) })),
    ),
});
