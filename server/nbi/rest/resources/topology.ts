// REST topology and channel line-up reads (monitoring.read): the regions with their counts and the
// channels with their insertion points, as the console lists them. The CSV imports are raw-body routes
// (imports.ts).
import "server-only";
import { z } from "zod";
import { listChannels } from "../../../monitoring/channels/queries";
import { listRegions, topologySummary } from "../../../monitoring/topology/queries";
import { apiProcedure, createApiRouter } from "../trpc";

const TAGS = ["topology"];

const regionSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    accessNodes: z.number().int(),
    households: z.number().int(),
  })
  .meta({ id: "Region" });

const channelSchema = z
  .object({
    id: z.number().int(),
    number: z.number().int().nullable(),
    name: z.string(),
    multicastGroup: z.string().nullable(),
    uri: z.string().nullable(),
    headend: z.string(),
    insertions: z.array(z.object({ regionId: z.number().int(), region: z.string(), point: z.string() })),
  })
  .meta({ id: "Channel" });

export const topologyRoutes = createApiRouter({
  summary: apiProcedure("monitoring.read")
    .meta({
      openapi: { method: "GET", path: "/topology", tags: TAGS, summary: "Topology counts", protect: true },
    })
    .input(z.object({}))
    .output(
      z.object({
        regions: z.number().int(),
        accessNodes: z.number().int(),
        households: z.number().int(),
        devicesWithoutTopology: z.number().int(),
      }),
    )
    .query(() => topologySummary()),

  regions: apiProcedure("monitoring.read")
    .meta({
      openapi: { method: "GET", path: "/topology/regions", tags: TAGS, summary: "Regions", protect: true },
    })
    .input(z.object({}))
    .output(z.object({ items: z.array(regionSchema) }))
    .query(async () => ({ items: await listRegions() })),

  channels: apiProcedure("monitoring.read")
    .meta({
      openapi: {
        method: "GET",
        path: "/channels",
        tags: TAGS,
        summary: "The channel line-up",
        protect: true,
      },
    })
    .input(z.object({}))
    .output(z.object({ items: z.array(channelSchema) }))
    .query(async () => ({ items: await listChannels() })),
});
