// REST firmware images: list (cursor by id, newest first), read, publish. The same store functions and
// permissions as the console's firmware router (firmware.read / firmware.rollout); uploads are a streamed
// body, which trpc-to-openapi cannot carry: they go through app/api/v1/firmware/images/upload
// (firmware-upload.ts) and are documented by hand (resources/manual-paths.ts).
import "server-only";
import { z } from "zod";
import { imageSchema as consoleImageSchema } from "../../../firmware/images/output";
import { getImage, IMAGE_STATES, listImages, publishImage } from "../../../firmware/images/store";
import { apiProcedure, createApiRouter } from "../trpc";
import { pageBeforeId, pageInput, pageOf } from "../pagination";
import { idPath } from "./paging";

const TAGS = ["firmware"];

const imageSchema = consoleImageSchema.meta({
  id: "FirmwareImage",
  description: "An image in the software store",
});

export const firmwareRoutes = createApiRouter({
  list: apiProcedure("firmware.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/firmware/images",
        tags: TAGS,
        summary: "List images, newest first",
        protect: true,
      },
    })
    .input(
      z.object({
        ...pageInput,
        state: z.enum(IMAGE_STATES).optional(),
        fileType: z.string().max(80).optional(),
        text: z.string().max(128).optional().meta({ description: "part of the name, version, originator" }),
      }),
    )
    .output(pageOf(imageSchema))
    .query(async ({ input }) => {
      const { cursor, limit, ...filter } = input;
      return pageBeforeId({ cursor, limit }, (take, beforeId) => listImages({ ...filter, beforeId }, take));
    }),

  get: apiProcedure("firmware.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/firmware/images/{id}",
        tags: TAGS,
        summary: "One image",
        protect: true,
      },
    })
    .input(idPath)
    .output(imageSchema)
    .query(({ input }) => getImage(input.id)),

  publish: apiProcedure("firmware.rollout")
    .meta({
      openapi: {
        method: "POST",
        path: "/firmware/images/{id}/publish",
        tags: TAGS,
        summary: "Publish an image (offered to eligible devices and in the feed)",
        protect: true,
      },
    })
    .input(idPath)
    .output(z.object({ image: imageSchema, eligible: z.object({ count: z.number().int() }) }))
    .mutation(async ({ ctx, input }) => {
      const { image, eligible } = await publishImage(ctx.principal.actor, input.id);
      return { image, eligible: { count: eligible.count } };
    }),
});
