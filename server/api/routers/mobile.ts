// Mobiles managed over OMA DM (the device page of a MOBILE): the DM tree as the document holds it, and
// the operator actions that queue DM tasks (each wakes the mobile with package 0, server/mobile/
// service.ts). Same permissions as the CWMP tree: devices.read to look, devices.write to read live,
// replace and exec, firmware.rollout for a FUMO update.
import "server-only";
import { z } from "zod";
import { DM_FORMATS, dmUriSchema } from "../../mobile/dm-requests";
import { dmTree, dmTreeSchema } from "../../mobile/dm-tree";
import { queueDmExec, queueDmGet, queueDmReplace, queueFumoUpdate } from "../../mobile/queue";
import { mobileSummary, mobileSummarySchema } from "../../mobile/summary";
import { recordId } from "../../../lib/ids";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const id = recordId;
const onUri = z.object({ id, path: dmUriSchema });
const queued = z.object({ taskId: z.number().int() });

const read = permissionProcedure("devices.read");
const write = permissionProcedure("devices.write");

export const mobileRouter = createTRPCRouter({
  summary: read
    .input(z.object({ id }))
    .output(mobileSummarySchema)
    .query(({ input }) => mobileSummary(input.id)),

  tree: read
    .input(onUri)
    .output(dmTreeSchema)
    .query(({ input }) => dmTree(input.id, input.path)),

  /** Live read: a DmGet of the node (an interior node answers with its child list). */
  get: write
    .input(onUri)
    .output(queued)
    .mutation(({ ctx, input }) => queueDmGet(ctx.operator, input.id, input.path)),

  replace: write
    .input(onUri.extend({ value: z.string().max(65_535), format: z.enum(DM_FORMATS).default("chr") }))
    .output(queued)
    .mutation(({ ctx, input }) =>
      queueDmReplace(ctx.operator, input.id, input.path, input.value, input.format),
    ),

  exec: write
    .input(onUri.extend({ data: z.string().max(65_536).optional() }))
    .output(queued)
    .mutation(({ ctx, input }) => queueDmExec(ctx.operator, input.id, input.path, input.data)),

  fumo: permissionProcedure("firmware.rollout")
    .input(z.object({ id, imageId: id }))
    .output(queued)
    .mutation(async ({ ctx, input }) => {
      const { taskId } = await queueFumoUpdate(ctx.operator, input.id, input.imageId);
      return { taskId };
    }),
});
