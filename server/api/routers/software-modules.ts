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
import { actionResultSchema } from "../outputs";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const euSchema = z.object({
  path: z.string(),
  euid: z.string(),
  name: z.string(),
  status: z.string(),
  requestedState: z.string(),
  faultCode: z.string(),
  version: z.string(),
});

const uuid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/);

/** A device's deployment units and execution units; install, update, uninstall, start/stop. */
export const softwareModulesRouter = createTRPCRouter({
  list: permissionProcedure("devices.read")
    .input(z.object({ deviceId: recordId }))
    .output(
      z.object({
        /** false: the device's data model (TR-098) has no SoftwareModules */
        supported: z.boolean(),
        deploymentUnits: z.array(
          z.object({
            path: z.string(),
            uuid: z.string(),
            duid: z.string(),
            name: z.string(),
            version: z.string(),
            vendor: z.string(),
            status: z.string(),
            resolved: z.boolean(),
            executionUnits: z.array(euSchema),
          }),
        ),
        otherExecutionUnits: z.array(euSchema),
        readAt: z.number().nullable(),
        pending: z.array(
          z.object({
            taskId: z.number(),
            state: z.string(),
            operation: z.string(),
            uuid: z.string(),
            imageId: z.number().nullable(),
            name: z.string(),
            version: z.string(),
          }),
        ),
      }),
    )
    .query(async ({ input }) => ({
      supported: await supportsSoftwareModules(input.deviceId),
      ...(await readSoftwareModules(input.deviceId)),
      pending: await pendingDuChanges(input.deviceId),
    })),

  /** Store applications this device may install (or update to). */
  available: permissionProcedure("firmware.read")
    .input(z.object({ deviceId: recordId }))
    .output(
      z.array(
        z.object({
          id: z.number(),
          fileName: z.string(),
          version: z.string(),
          duUuid: z.string(),
          originator: z.string(),
          releaseNotes: z.string(),
          size: z.number(),
        }),
      ),
    )
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
    .input(z.object({ deviceId: recordId, uuid }))
    .output(actionResultSchema)
    .mutation(({ ctx, input }) => uninstallApp(ctx.operator, input.deviceId, input.uuid)),

  setRunning: permissionProcedure("devices.write")
    .input(
      z.object({
        deviceId: recordId,
        path: z.string().regex(/^Device\.SoftwareModules\.ExecutionUnit\.\d+\.?$/),
        running: z.boolean(),
      }),
    )
    .output(actionResultSchema)
    .mutation(({ ctx, input }) => setAppRunning(ctx.operator, input.deviceId, input.path, input.running)),
});
