// Topology and channel line-up: the lists are reads (monitoring.read); CSV imports and topology rules
// need alarms.write (they change what every dashboard and alarm attributes to a region or node).
import "server-only";
import { z } from "zod";
import { recordId } from "../../../lib/ids";
import { channelChain, listChannels } from "../../monitoring/channels/queries";
import { importLineup } from "../../monitoring/channels/import";
import { importTopology, MAX_IMPORT_BYTES } from "../../monitoring/topology/import";
import {
  devicePlacement,
  listAccessNodes,
  listRegions,
  topologySummary,
} from "../../monitoring/topology/queries";
import {
  createTopologyRule,
  deleteTopologyRule,
  listTopologyRules,
  TOPOLOGY_FIELDS,
} from "../../monitoring/topology/rules";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const read = permissionProcedure("monitoring.read");
const write = permissionProcedure("alarms.write");
const ok = z.object({ ok: z.literal(true) });

const importResultSchema = z.object({
  imported: z.number(),
  skipped: z.number(),
  problems: z.array(z.object({ line: z.number(), message: z.string() })),
});
const csvInput = z.object({ csv: z.string().min(1).max(MAX_IMPORT_BYTES) });
const ruleSchema = z.object({
  id: z.number(),
  oui: z.string(),
  productClass: z.string(),
  field: z.string(),
  path: z.string(),
  createdAt: z.date(),
});

export const topologyRouter = createTRPCRouter({
  summary: read
    .input(z.object({}).default({}))
    .output(
      z.object({
        regions: z.number(),
        accessNodes: z.number(),
        households: z.number(),
        devicesWithoutTopology: z.number(),
      }),
    )
    .query(() => topologySummary()),
  regions: read
    .input(z.object({}).default({}))
    .output(
      z.array(
        z.object({ id: z.number(), name: z.string(), accessNodes: z.number(), households: z.number() }),
      ),
    )
    .query(() => listRegions()),
  accessNodes: read
    .input(
      z
        .object({
          regionId: recordId.optional(),
          search: z.string().max(100).optional(),
          limit: z.number().int().min(1).max(1000).default(200),
        })
        .default({ limit: 200 }),
    )
    .output(
      z.array(
        z.object({
          id: z.number(),
          name: z.string(),
          kind: z.string(),
          regionId: z.number().nullable(),
          region: z.string().nullable(),
          households: z.number(),
        }),
      ),
    )
    .query(({ input }) => listAccessNodes(input)),
  channels: read
    .input(z.object({}).default({}))
    .output(
      z.array(
        z.object({
          id: z.number(),
          number: z.number().nullable(),
          name: z.string(),
          multicastGroup: z.string().nullable(),
          uri: z.string().nullable(),
          headend: z.string(),
          insertions: z.array(z.object({ regionId: z.number(), region: z.string(), point: z.string() })),
        }),
      ),
    )
    .query(() => listChannels()),
  channelChain: read
    .input(z.object({ channelId: recordId }))
    .output(
      z.object({
        channel: z.object({ id: z.number(), number: z.number().nullable(), name: z.string() }),
        headend: z.string(),
        regions: z.array(
          z.object({ regionId: z.number(), region: z.string(), insertionPoint: z.string().nullable() }),
        ),
      }),
    )
    .query(({ input }) => channelChain(input.channelId)),
  placement: read
    .input(z.object({ deviceId: recordId }))
    .output(
      z
        .object({
          household: z.string(),
          accessNode: z.object({ id: z.number(), name: z.string() }).nullable(),
          accessPort: z.string(),
          region: z.object({ id: z.number(), name: z.string() }).nullable(),
          source: z.string().nullable(),
        })
        .nullable(),
    )
    .query(({ input }) => devicePlacement(input.deviceId)),

  importTopology: write
    .input(csvInput)
    .output(importResultSchema)
    .mutation(({ ctx, input }) => importTopology(input.csv, ctx.operator)),
  importLineup: write
    .input(csvInput)
    .output(importResultSchema)
    .mutation(({ ctx, input }) => importLineup(input.csv, ctx.operator)),

  rules: read
    .input(z.object({}).default({}))
    .output(z.array(ruleSchema))
    .query(() => listTopologyRules()),
  createRule: write
    .input(
      z.object({
        oui: z.string().trim().max(6).default(""),
        productClass: z.string().trim().max(64).default(""),
        field: z.enum(TOPOLOGY_FIELDS),
        path: z
          .string()
          .trim()
          .min(1)
          .max(256)
          .regex(/^(Device|InternetGatewayDevice)\.[\w.-]*$/, "a parameter path"),
      }),
    )
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => createTopologyRule(ctx.operator, input)),
  deleteRule: write
    .input(z.object({ id: recordId }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await deleteTopologyRule(ctx.operator, input.id);
      return { ok: true as const };
    }),
});
