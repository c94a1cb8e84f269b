import "server-only";
import { z } from "zod";
import { DEVICE_SORT_FIELDS, listDevices } from "../../devices/queries";
import { createTRPCRouter, permissionProcedure } from "../trpc";

export const MAX_PAGE_SIZE = 200;

export const deviceListInput = z.object({
  /** Substring of serial number, IP address, MAC address or subscriber id. */
  search: z.string().trim().max(128).optional(),
  kind: z.enum(["GATEWAY", "STB"]).optional(),
  online: z.boolean().optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(25),
  sort: z
    .object({ field: z.enum(DEVICE_SORT_FIELDS), direction: z.enum(["asc", "desc"]) })
    .default({ field: "lastInform", direction: "desc" }),
});

export const devicesRouter = createTRPCRouter({
  list: permissionProcedure("devices.read")
    .input(deviceListInput)
    .query(({ input }) => listDevices(input)),
});
