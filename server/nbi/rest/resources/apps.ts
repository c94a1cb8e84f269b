// REST software modules (apps) on one device: installed deployment and execution units (devices.read),
// store apps it may install (firmware.read), install and uninstall (firmware.rollout), start or stop
// an execution unit (devices.write). Work-queuing POSTs take an Idempotency-Key. The console's
// software-modules services, schemas and permissions, unchanged.
import "server-only";
import { z } from "zod";
import { INT4_MAX } from "../../../../lib/ids";
import { installApp, setAppRunning, uninstallApp } from "../../../firmware/software-modules/actions";
import {
  duUuidSchema,
  executionUnitPathSchema,
  installableAppSchema,
  softwareModulesSchema,
} from "../../../firmware/software-modules/outputs";
import {
  installableImages,
  pendingDuChanges,
  readSoftwareModules,
  supportsSoftwareModules,
} from "../../../firmware/software-modules/units";
import { actionResultSchema } from "../../../tasks/outputs";
import { idempotent } from "../idempotency";
import { shielded } from "../pagination";
import { apiProcedure, createApiRouter } from "../trpc";
import { idPath } from "./paging";

const TAGS = ["apps"];
const id = idPath.shape.id;

function post(path: string, summary: string) {
  return {
    openapi: {
      method: "POST" as const,
      path: `/devices/{id}/apps${path}` as const,
      tags: TAGS,
      summary: `${summary}; send an Idempotency-Key`,
      protect: true,
    },
  };
}

export const appsRoutes = createApiRouter({
  list: apiProcedure("devices.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/devices/{id}/apps",
        tags: TAGS,
        summary: "The device's deployment units, execution units and pending changes",
        protect: true,
      },
    })
    .input(idPath)
    .output(softwareModulesSchema)
    .query(async ({ input }) => ({
      supported: await supportsSoftwareModules(input.id),
      ...(await readSoftwareModules(input.id)),
      pending: await pendingDuChanges(input.id),
    })),

  available: apiProcedure("firmware.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/devices/{id}/apps/available",
        tags: TAGS,
        summary: "Store apps this device may install or update to",
        protect: true,
      },
    })
    .input(idPath)
    .output(z.array(installableAppSchema))
    .query(async ({ input }) =>
      (await installableImages(input.id)).map((i) => ({ ...i, size: Number(i.size) })),
    ),

  install: apiProcedure("firmware.rollout")
    .meta(post("/install", "Install (or update to) a store app"))
    .input(
      z.object({
        id,
        imageId: z.number().int().min(1).max(INT4_MAX).describe("The store app's image id"),
      }),
    )
    .output(actionResultSchema)
    .mutation(({ ctx, input }) =>
      idempotent(ctx, input, () => installApp(ctx.principal.actor, input.id, input.imageId)),
    ),

  uninstall: apiProcedure("firmware.rollout")
    .meta(post("/uninstall", "Uninstall a deployment unit by its UUID"))
    .input(z.object({ id, uuid: shielded(duUuidSchema).describe("The deployment unit's UUID") }))
    .output(actionResultSchema)
    .mutation(({ ctx, input }) =>
      idempotent(ctx, input, () => uninstallApp(ctx.principal.actor, input.id, input.uuid)),
    ),

  setRunning: apiProcedure("devices.write")
    .meta(post("/running", "Start or stop an execution unit"))
    .input(
      z.object({
        id,
        path: shielded(executionUnitPathSchema).describe("Device.SoftwareModules.ExecutionUnit.{i}."),
        running: z.boolean(),
      }),
    )
    .output(actionResultSchema)
    .mutation(({ ctx, input }) =>
      idempotent(ctx, input, () => setAppRunning(ctx.principal.actor, input.id, input.path, input.running)),
    ),
});
