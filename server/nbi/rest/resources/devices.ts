// REST devices: search with the console's filters (cursor = an opaque page position), one device, its
// parameters (one level of the tree with values, as the console's tree shows it) and its tags. The
// console's services and schemas, with the token's operator as the reader and actor.
import "server-only";
import { z } from "zod";
import { deviceFilterSchema, DEVICE_SORT_FIELDS, PARAM_OPS } from "../../../../lib/devices/search-query";
import { deviceTag } from "../../../../lib/devices/action-schemas";
import { readerFor } from "../../../devices/audience-visibility";
import { getDeviceDetail, updateTags } from "../../../devices/detail";
import { listChildren } from "../../../devices/parameter-tree";
import { searchDevices } from "../../../devices/search";
import { deviceListRowSchema } from "../../../devices/search-output";
import { deviceDetailSchema, treeLevelSchema } from "../../../devices/tree-schemas";
import { decodeCursor, encodeCursor } from "../pagination";
import { idPath } from "./paging";
import { apiProcedure } from "../trpc";

const TAGS = ["devices"];
const MAX_DEVICE_PAGE = 200;
const byId = idPath;
const trueFalse = z.enum(["true", "false"]);

const searchInput = z.object({
  q: z.string().max(200).optional().describe("Partial serial, subscriber/account id, IP, MAC or a tag"),
  manufacturer: z.string().max(64).optional(),
  oui: z.string().max(6).optional(),
  productClass: z.string().max(64).optional(),
  softwareVersion: z.string().max(64).optional(),
  kind: z.enum(["GATEWAY", "STB", "OTHER", "MOBILE"]).optional(),
  online: trueFalse.optional(),
  lastInformBefore: z.iso.datetime({ offset: true }).optional(),
  lastInformAfter: z.iso.datetime({ offset: true }).optional(),
  tag: z.string().max(64).optional(),
  paramPath: z
    .string()
    .min(1)
    .max(1024)
    .optional()
    .describe("Compare this parameter (with paramOp/paramValue)"),
  paramOp: z.enum(PARAM_OPS).optional(),
  paramValue: z.string().max(1024).optional(),
  faultCode: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
  faultTask: z.string().min(1).max(64).optional(),
  faultDays: z.coerce.number().int().min(1).max(90).optional(),
  bootstrapIncomplete: z.literal("true").optional(),
  sort: z.enum(DEVICE_SORT_FIELDS).default("lastInform"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  limit: z.coerce.number().int().min(1).max(MAX_DEVICE_PAGE).default(50),
  cursor: z.string().max(200).optional().describe("The nextCursor of the previous page"),
});
type SearchInput = z.infer<typeof searchInput>;

/** The REST query -> the console's DeviceFilter, through the console's own schema. */
function filterOf(i: SearchInput) {
  return deviceFilterSchema.parse({
    q: i.q,
    manufacturer: i.manufacturer,
    oui: i.oui,
    productClass: i.productClass,
    softwareVersion: i.softwareVersion,
    kind: i.kind,
    online: i.online === undefined ? undefined : i.online === "true",
    lastInformBefore: i.lastInformBefore,
    lastInformAfter: i.lastInformAfter,
    tag: i.tag,
    param: i.paramPath ? { path: i.paramPath, op: i.paramOp ?? "eq", value: i.paramValue ?? "" } : undefined,
    faultCode: i.faultCode,
    faultTask: i.faultTask,
    faultDays: i.faultDays,
    bootstrapIncomplete: i.bootstrapIncomplete ? true : undefined,
  });
}

const pageKey = z.object({ page: z.number().int().min(1).max(100_000), size: z.number().int() });

export const devicesRoutes = {
  search: apiProcedure("devices.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/devices",
        tags: TAGS,
        summary: "Search devices (the console's filters)",
      },
    })
    .input(searchInput)
    .output(z.object({ items: z.array(deviceListRowSchema), nextCursor: z.string().nullable() }))
    .query(async ({ input }) => {
      const at = decodeCursor(input.cursor, pageKey);
      // A cursor keeps its page size, so a caller changing `limit` mid-walk skips or repeats nothing.
      const pageSize = at?.size ?? input.limit;
      const page = at?.page ?? 1;
      const found = await searchDevices({
        ...filterOf(input),
        sort: input.sort,
        dir: input.dir,
        page,
        pageSize,
      });
      const more = found.capped || page * pageSize < found.total;
      return {
        items: found.rows,
        nextCursor: more && page < 100_000 ? encodeCursor({ page: page + 1, size: pageSize }) : null,
      };
    }),

  get: apiProcedure("devices.read")
    .meta({ openapi: { method: "GET", path: "/devices/{id}", tags: TAGS, summary: "One device's summary" } })
    .input(byId)
    .output(deviceDetailSchema)
    .query(({ input }) => getDeviceDetail(input.id)),

  parameters: apiProcedure("devices.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/devices/{id}/parameters",
        tags: TAGS,
        summary: "Parameters under an object path (one level, values as last read)",
      },
    })
    .input(
      byId.extend({
        path: z
          .union([z.literal(""), z.string().max(1024).regex(/\.$/, "object paths end with '.'")])
          .default("")
          .describe("An object path ending in '.', e.g. Device.DeviceInfo.; empty = the root"),
      }),
    )
    .output(treeLevelSchema)
    .query(({ ctx, input }) => listChildren(input.id, input.path, readerFor(ctx.principal.actor.role))),

  addTags: apiProcedure("devices.write")
    .meta({
      openapi: { method: "POST", path: "/devices/{id}/tags", tags: TAGS, summary: "Add tags to a device" },
    })
    .input(byId.extend({ tags: z.array(deviceTag).min(1).max(50) }))
    .output(z.object({ tags: z.array(z.string()) }))
    .mutation(async ({ ctx, input }) => {
      const current = (await getDeviceDetail(input.id)).tags;
      const tags = [...new Set([...current, ...input.tags])];
      return { tags: await updateTags(ctx.principal.actor.id, input.id, tags) };
    }),

  removeTags: apiProcedure("devices.write")
    .meta({
      openapi: {
        method: "DELETE",
        path: "/devices/{id}/tags",
        tags: TAGS,
        summary: "Remove tags (?tags=a&tags=b)",
      },
    })
    .input(byId.extend({ tags: z.array(deviceTag).min(1).max(50) }))
    .output(z.object({ tags: z.array(z.string()) }))
    .mutation(async ({ ctx, input }) => {
      const drop = new Set(input.tags);
      const current = (await getDeviceDetail(input.id)).tags;
      return {
        tags: await updateTags(
          ctx.principal.actor.id,
          input.id,
          current.filter((t) => !drop.has(t)),
        ),
      };
    }),
};
