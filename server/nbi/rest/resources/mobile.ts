// REST mobiles (OMA DM): a node of a mobile's DM tree as the server holds it, DM commands queued on it
// (Get = a live read, Replace, Exec; devices.write as in the console) and a FUMO update with a store
// image (firmware.rollout). The same services as the console's mobile router (server/mobile/*); each
// queued task wakes the mobile with package 0.
import "server-only";
import { z } from "zod";
import { DM_FORMATS, dmUriSchema } from "../../../mobile/dm-requests";
import { dmTree } from "../../../mobile/dm-tree";
import { queueDmExec, queueDmGet, queueDmReplace, queueFumoUpdate } from "../../../mobile/queue";
import { idempotent } from "../idempotency";
import { shielded } from "../pagination";
import { apiProcedure } from "../trpc";
import { idPath } from "./paging";

const TAGS = ["mobiles"];
const uri = shielded(dmUriSchema).describe("A DM URI, e.g. ./DevInfo or ./DevInfo/Lang");

const nodeSchema = z.object({
  uri: z.string(),
  name: z.string(),
  format: z.string().nullable().describe("DM Format (node for interior nodes)"),
  value: z.string().nullable().describe("A leaf's value; null when interior or not read yet"),
  interior: z.boolean(),
  readAt: z.string().nullable().describe("When the value was last read or written (ISO 8601)"),
});
const treeSchema = z.object({
  node: nodeSchema.meta({ id: "DmNode" }),
  children: z.array(nodeSchema),
  task: z
    .object({
      id: z.number().int(),
      name: z.string(),
      state: z.string(),
      faultCode: z.number().int().nullable(),
      faultString: z.string().nullable(),
    })
    .nullable()
    .describe("The latest DM task on this URI"),
});

const commandInput = idPath.extend({
  command: z.enum(["Get", "Replace", "Exec"]),
  path: uri,
  value: z.string().max(65_535).optional().describe("Replace: the new value"),
  format: z.enum(DM_FORMATS).default("chr").describe("Replace: the DM Format"),
  data: z.string().max(65_536).optional().describe("Exec: data passed to the node"),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const mobileRoutes = {
  tree: apiProcedure("devices.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/devices/{id}/dm",
        tags: TAGS,
        summary: "A mobile's DM tree node and its children, as last read",
      },
    })
    .input(idPath.extend({ path: uri.default(".") }))
    .output(treeSchema)
    .query(async ({ input }) => {
      const view = await dmTree(input.id, input.path);
      const node = (n: typeof view.node) => ({ ...n, readAt: iso(n.readAt) });
      return { node: node(view.node), children: view.children.map(node), task: view.task };
    }),

  command: apiProcedure("devices.write")
    .meta({
      openapi: {
        method: "POST",
        path: "/devices/{id}/dm",
        tags: TAGS,
        summary: "Queue a DM command on a mobile: Get (live read), Replace or Exec (send an Idempotency-Key)",
      },
    })
    .input(commandInput)
    .output(z.object({ taskId: z.number().int() }))
    .mutation(({ ctx, input }) =>
      idempotent(ctx, input, () => {
        const actor = ctx.principal.actor;
        if (input.command === "Get") return queueDmGet(actor, input.id, input.path);
        if (input.command === "Exec") return queueDmExec(actor, input.id, input.path, input.data);
        return queueDmReplace(actor, input.id, input.path, input.value ?? "", input.format);
      }),
    ),

  fumo: apiProcedure("firmware.rollout")
    .meta({
      openapi: {
        method: "POST",
        path: "/devices/{id}/fumo",
        tags: TAGS,
        summary: "Update a mobile's firmware over FUMO with a published store image",
      },
    })
    .input(idPath.extend({ imageId: idPath.shape.id.describe("The store image's id") }))
    .output(z.object({ taskId: z.number().int() }))
    .mutation(({ ctx, input }) =>
      idempotent(ctx, input, async () => ({
        taskId: (await queueFumoUpdate(ctx.principal.actor, input.id, input.imageId)).taskId,
      })),
    ),
};
