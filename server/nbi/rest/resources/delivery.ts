// REST firmware delivery to one device: send a store image (firmware.rollout, with an Idempotency-Key),
// the images the device may take, its recent transfers and RequestDownload decisions (firmware.read),
// ask it to upload a configuration or log file (devices.write) and the uploaded files' metadata
// (devices.files). The console's delivery services, schemas and permissions, unchanged.
import "server-only";
import { z } from "zod";
import { UPLOAD_FILE_TYPES } from "../../../../lib/firmware/file-types";
import {
  deviceFileSchema,
  downloadDecisionSchema,
  sendableImageSchema,
  sendImageInput,
  transferSchema,
} from "../../../firmware/delivery-outputs";
import { sendImage } from "../../../firmware/device-delivery";
import {
  requestDownloadDecisions,
  sendableImages,
  transferTasks,
} from "../../../firmware/device-delivery-queries";
import { listDeviceFiles, requestUpload } from "../../../firmware/uploads";
import { idempotent } from "../idempotency";
import { shielded } from "../pagination";
import { apiProcedure, createApiRouter } from "../trpc";
import { idPath } from "./paging";

const TAGS = ["delivery"];
const taskOutput = z.object({ taskId: z.number().int() });
const fields = sendImageInput.shape;

// The console's fields one by one (the console's object has no refinement of its own), shielded from
// trpc-to-openapi's coercion; the device comes from the path.
const sendInput = z.object({
  id: idPath.shape.id,
  imageId: shielded(fields.imageId).describe("The store image to send"),
  targetFileName: shielded(fields.targetFileName).describe("TargetFileName (no slashes)"),
  delaySeconds: shielded(fields.delaySeconds).describe("DelaySeconds of the Download RPC"),
  commandKey: shielded(fields.commandKey).describe("CommandKey (printable ASCII, up to 32)"),
  schedule: shielded(fields.schedule).describe("ScheduleDownload time windows (one or two)"),
  force: shielded(fields.force).describe("Send even when the image's targeting doesn't apply"),
});

function get(path: string, summary: string) {
  return {
    openapi: {
      method: "GET" as const,
      path: `/devices/{id}${path}` as const,
      tags: TAGS,
      summary,
      protect: true,
    },
  };
}

export const deliveryRoutes = createApiRouter({
  send: apiProcedure("firmware.rollout")
    .meta({
      openapi: {
        method: "POST",
        path: "/devices/{id}/firmware",
        tags: TAGS,
        summary: "Send a store image to the device (Download or ScheduleDownload); send an Idempotency-Key",
        protect: true,
      },
    })
    .input(sendInput)
    .output(taskOutput)
    .mutation(({ ctx, input }) => {
      const { id, ...rest } = input;
      return idempotent(ctx, input, () => sendImage(ctx.principal.actor, { ...rest, deviceId: id }));
    }),

  sendable: apiProcedure("firmware.read")
    .meta(get("/firmware/images", "Store images this device may be sent, and whether each applies"))
    .input(idPath)
    .output(z.array(sendableImageSchema))
    .query(({ input }) => sendableImages(input.id)),

  transfers: apiProcedure("firmware.read")
    .meta(get("/firmware/transfers", "The device's recent transfers (Download, Upload, ChangeDUState tasks)"))
    .input(idPath)
    .output(z.array(transferSchema))
    .query(({ input }) => transferTasks(input.id)),

  decisions: apiProcedure("firmware.read")
    .meta(get("/firmware/requests", "The device's recent RequestDownload calls and what the ACS decided"))
    .input(idPath)
    .output(z.array(downloadDecisionSchema))
    .query(({ input }) => requestDownloadDecisions(input.id)),

  requestUpload: apiProcedure("devices.write")
    .meta({
      openapi: {
        method: "POST",
        path: "/devices/{id}/uploads",
        tags: TAGS,
        summary: "Ask the device to upload a configuration or log file; send an Idempotency-Key",
        protect: true,
      },
    })
    .input(z.object({ id: idPath.shape.id, fileType: z.enum(UPLOAD_FILE_TYPES) }))
    .output(taskOutput)
    .mutation(({ ctx, input }) =>
      idempotent(ctx, input, () =>
        requestUpload(ctx.principal.actor, { deviceId: input.id, fileType: input.fileType }),
      ),
    ),

  files: apiProcedure("devices.files")
    .meta(get("/files", "Metadata of the files the device uploaded (newest first)"))
    .input(idPath)
    .output(z.array(deviceFileSchema))
    .query(async ({ input }) =>
      (await listDeviceFiles(input.id)).map((f) => ({ ...f, size: Number(f.size) })),
    ),
});
