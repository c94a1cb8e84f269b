// Sending store images to one device, CPE uploads (ask, list), RequestDownload decisions, and the
// device's recent transfers. Services in server/firmware; each procedure asks for its permission.
import "server-only";
import { z } from "zod";
import { UPLOAD_FILE_TYPES } from "../../../lib/firmware/file-types";
import { recordId } from "../../../lib/ids";
import { sendImage, WINDOW_MODES } from "../../firmware/device-delivery";
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
const DAY = 86_400;

const windowSchema = z
  .object({
    windowStart: z
      .number()
      .int()
      .min(0)
      .max(30 * DAY),
    windowEnd: z
      .number()
      .int()
      .min(1)
      .max(30 * DAY),
    windowMode: z.enum(WINDOW_MODES),
    userMessage: z.string().max(256).optional(),
  })
  .refine((w) => w.windowEnd > w.windowStart, { message: "a window ends after it starts" });

export const sendImageInput = z.object({
  deviceId: recordId,
  imageId: recordId,
  // TR-069 string(256) and string(32); a file name without path separators or control characters.
  targetFileName: z
    .string()
    .max(256)
    .refine((name) => !/[/\\]/.test(name) && [...name].every((c) => c >= " "), "a file name, without slashes")
    .optional(),
  delaySeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * DAY)
    .optional(),
  commandKey: z
    .string()
    .max(32)
    .regex(/^[\x20-\x7e]*$/, "printable ASCII")
    .optional(),
  schedule: z
    .array(windowSchema)
    .min(1)
    .max(2)
    .refine((ws) => ws.length < 2 || ws[1]!.windowStart >= ws[0]!.windowEnd, {
      message: "the second window starts after the first ends",
    })
    .optional(),
  force: z.boolean().optional(),
});

export const deliveryRouter = createTRPCRouter({
  sendableImages: read
    .input(deviceInput)
    .output(
      z.array(
        z.object({
          id: z.number(),
          fileName: z.string(),
          version: z.string(),
          fileType: z.string(),
          size: z.number(),
          releaseDate: z.date().nullable(),
          offered: z.boolean(),
          applies: z.boolean(),
          reason: z.string().nullable(),
        }),
      ),
    )
    .query(({ input }) => sendableImages(input.deviceId)),

  sendImage: rollout
    .input(sendImageInput)
    .output(taskOutput)
    .mutation(({ ctx, input }) => sendImage(ctx.operator, input)),

  transfers: read
    .input(deviceInput)
    .output(
      z.array(
        z.object({
          id: z.number(),
          name: z.string(),
          state: z.enum(["queued", "sent", "waiting", "done", "fault", "cancelled", "expired"]),
          createdBy: z.string(),
          createdAt: z.date(),
          sentAt: z.date().nullable(),
          completedAt: z.date().nullable(),
          fileType: z.string(),
          commandKey: z.string(),
          targetFileName: z.string().nullable(),
          versionBefore: z.string().nullable(),
          versionAfter: z.string().nullable(),
          faultCode: z.number().nullable(),
          reason: z.string().nullable(),
        }),
      ),
    )
    .query(({ input }) => transferTasks(input.deviceId)),

  requestDownloadDecisions: read
    .input(deviceInput)
    .output(
      z.array(
        z.object({
          id: z.string(),
          at: z.date(),
          fileType: z.string(),
          decision: z.enum(["granted", "refused"]),
          reason: z.string(),
          imageId: z.number().nullable(),
          taskId: z.number().nullable(),
        }),
      ),
    )
    .query(({ input }) => requestDownloadDecisions(input.deviceId)),

  requestUpload: permissionProcedure("devices.write")
    .input(z.object({ deviceId: recordId, fileType: z.enum(UPLOAD_FILE_TYPES) }))
    .output(taskOutput)
    .mutation(({ ctx, input }) => requestUpload(ctx.operator, input)),

  files: permissionProcedure("devices.files")
    .input(deviceInput)
    .output(
      z.array(
        z.object({
          id: z.number(),
          taskId: z.number().nullable(),
          fileType: z.string(),
          fileName: z.string(),
          size: z.number(),
          sha256: z.string(),
          contentType: z.string(),
          createdAt: z.date(),
        }),
      ),
    )
    .query(async ({ input }) =>
      (await listDeviceFiles(input.deviceId)).map((f) => ({ ...f, size: Number(f.size) })),
    ),
});
