// Audience measurement: reports (audience.read) over published cells only, each run written to the
// privacy log; opt-outs (audience.optout). Thin: the rules live in server/audience.
import "server-only";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { recordId } from "../../../lib/ids";
import { hasPermission } from "../../../lib/permissions";
import {
  accessLogSchema,
  audienceFilterSchema,
  breakdownInputSchema,
  breakdownSchema,
  heatmapSchema,
  householdKeySchema,
  optOutSchema,
  rankingSchema,
  slotInputSchema,
  slotSchema,
  trendSchema,
} from "../../../lib/audience/report-api";
import { listAudienceAccess } from "../../audience/access-log";
import { audienceOptions } from "../../audience/queries";
import {
  breakdownReport,
  heatmapReport,
  rankingReport,
  slotReport,
  trendReport,
} from "../../audience/reports";
import { reportCsv } from "../../audience/queries/csv";
import {
  deviceOptOut,
  importOptOuts,
  listOptOuts,
  optOutHousehold,
  withdrawOptOut,
} from "../../audience/optout";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const read = permissionProcedure("audience.read");
const optout = permissionProcedure("audience.optout");
const filterInput = z.object({ filter: audienceFilterSchema });
const MAX_CSV_IMPORT = 4 * 1024 * 1024;

const exportInput = z.discriminatedUnion("report", [
  z.object({ report: z.literal("ranking"), filter: audienceFilterSchema }),
  z.object({ report: z.literal("heatmap"), filter: audienceFilterSchema }),
  z.object({ report: z.literal("trend"), filter: audienceFilterSchema }),
  breakdownInputSchema.extend({ report: z.literal("breakdown") }),
  slotInputSchema.extend({ report: z.literal("slot") }),
]);

export const audienceRouter = createTRPCRouter({
  options: read
    .input(z.object({}).default({}))
    .output(
      z.object({
        channels: z.array(z.object({ id: z.number(), name: z.string(), number: z.number().nullable() })),
        regions: z.array(z.object({ id: z.number(), name: z.string() })),
        segments: z.array(z.string()),
        k: z.number(),
        timeZone: z.string(),
        firstDay: z.string().nullable(),
        lastDay: z.string().nullable(),
      }),
    )
    .query(() => audienceOptions()),

  ranking: read
    .input(filterInput)
    .output(rankingSchema)
    .query(({ ctx, input }) => rankingReport(ctx.operator.id, input.filter)),

  heatmap: read
    .input(filterInput)
    .output(heatmapSchema)
    .query(({ ctx, input }) => heatmapReport(ctx.operator.id, input.filter)),

  trend: read
    .input(filterInput)
    .output(trendSchema)
    .query(({ ctx, input }) => trendReport(ctx.operator.id, input.filter)),

  breakdown: read
    .input(breakdownInputSchema)
    .output(breakdownSchema)
    .query(({ ctx, input }) => breakdownReport(ctx.operator.id, input)),

  slot: read
    .input(slotInputSchema)
    .output(slotSchema)
    .query(({ ctx, input }) => slotReport(ctx.operator.id, input)),

  /** CSV of a report's published aggregates (never sessions), logged as export:<report>. */
  exportCsv: read
    .input(exportInput)
    .output(z.object({ filename: z.string(), csv: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const id = ctx.operator.id;
      const log = `export:${input.report}`;
      switch (input.report) {
        case "ranking":
          return reportCsv("ranking", input.filter, await rankingReport(id, input.filter, log));
        case "heatmap":
          return reportCsv("heatmap", input.filter, await heatmapReport(id, input.filter, log));
        case "trend":
          return reportCsv("trend", input.filter, await trendReport(id, input.filter, log));
        case "breakdown":
          return reportCsv("breakdown", input.filter, await breakdownReport(id, input, log));
        case "slot":
          return reportCsv("slot", input.filter, await slotReport(id, input, log));
      }
    }),

  /** The privacy log: needs audit.read as well as audience.read (admin by default). */
  accessLog: read
    .input(
      z.object({ limit: z.number().int().min(1).max(200).default(50), cursor: z.string().max(40).nullish() }),
    )
    .output(accessLogSchema)
    .query(({ ctx, input }) => {
      if (!hasPermission(ctx.operator.role, "audit.read")) {
        throw new TRPCError({
          code: "FORBIDDEN",
          message: `Your role (${ctx.operator.role}) lacks audit.read`,
        });
      }
      return listAudienceAccess({ limit: input.limit, cursor: input.cursor });
    }),

  optOuts: optout
    .input(
      z.object({
        query: z.string().trim().max(256).optional(),
        limit: z.number().int().min(1).max(200).default(50),
        cursor: z.string().max(300).nullish(),
      }),
    )
    .output(z.object({ rows: z.array(optOutSchema), total: z.number(), nextCursor: z.string().nullable() }))
    .query(async ({ input }) => {
      const page = await listOptOuts(input);
      return { ...page, rows: page.rows.map((r) => ({ ...r, optedOutAt: r.optedOutAt.toISOString() })) };
    }),

  optOut: optout
    .input(z.object({ household: householdKeySchema, note: z.string().max(500).default("") }))
    .output(z.object({ deleted: z.number() }))
    .mutation(({ ctx, input }) => optOutHousehold(ctx.operator, input.household, input.note)),

  withdrawOptOut: optout
    .input(z.object({ household: householdKeySchema }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => withdrawOptOut(ctx.operator, input.household)),

  importOptOuts: optout
    .input(z.object({ csv: z.string().min(1).max(MAX_CSV_IMPORT) }))
    .output(
      z.object({
        imported: z.number(),
        skipped: z.number(),
        problems: z.array(z.object({ line: z.number(), message: z.string() })),
      }),
    )
    .mutation(({ ctx, input }) => importOptOuts(ctx.operator, input.csv)),

  /** The device's household and its opt-out state (device page; helpdesk takes the subscriber's call). */
  deviceOptOut: optout
    .input(z.object({ id: recordId }))
    .output(z.object({ household: z.string(), optedOut: z.boolean(), optedOutAt: z.string().nullable() }))
    .query(async ({ input }) => {
      const s = await deviceOptOut(input.id);
      return { ...s, optedOutAt: s.optedOutAt?.toISOString() ?? null };
    }),
});
