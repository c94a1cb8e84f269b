import "server-only";
import { z } from "zod";
import { recordId } from "../../../lib/ids";
import { installApp, setAppRunning, uninstallApp } from "../../firmware/software-modules/actions";
import {
  installableImages,
  pendingDuChanges,
  readSoftwareModules,
  supportsSoftwareModules,
} from "../../firmware/software-modules/units";
import {
  duUuidSchema,
  executionUnitPathSchema,
  installableAppSchema,
  softwareModulesSchema,
} from "../../firmware/software-modules/outputs";
import { actionResultSchema } from "../outputs";
import { createTRPCRouter, permissionProcedure } from "../trpc";

/** A device's deployment units and execution units; install, update, uninstall, start/stop. */
export const softwareModulesRouter = createTRPCRouter({
  list: permissionProcedure("devices.read")
    .input(z.object({ deviceId: recordId }))
    .output(softwareModulesSchema)
    .query(async ({ input }) => ({
      supported: await supportsSoftwareModules(input.deviceId),
      ...(await readSoftwareModules(input.deviceId)),
      pending: await pendingDuChanges(input.deviceId),
    })),

  /** Store applications this device may install (or update to). */
  available: permissionProcedure("firmware.read")
    .input(z.object({ deviceId: recordId }))
    .output(z.array(installableAppSchema))
    .query(async ({ input }) =>
      (await installableImages(input.deviceId)).map((i) => ({
        id: i.id,
        fileName: i.fileName,
        version: i.version,
        duUuid: i.duUuid,
        originator: i.originator,
        releaseNotes: i.releaseNotes,
        size: Number(i.size),
      })),
    ),

  install: permissionProcedure("firmware.rollout")
    .input(z.object({ deviceId: recordId, imageId: recordId }))
    .output(actionResultSchema)
    .mutation(({ ctx, input }) => installApp(ctx.operator, input.deviceId, input.imageId)),

  uninstall: permissionProcedure("firmware.rollout")
    .input(z.object({ deviceId: recordId, uuid: duUuidSchema }))
    .output(actionResultSchema)
    .mutation(({ ctx, input }) => uninstallApp(ctx.operator, input.deviceId, input.uuid)),

  setRunning: permissionProcedure("devices.write")
    .input(
      z.object({
        deviceId: recordId,
        path: executionUnitPathSchema,
        running: z.boolean(),
      }),
    )
    .output(actionResultSchema)
    .mutation(({ ctx, input }) => setAppRunning(ctx.operator, input.deviceId, input.path, input.running)),
});
