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
import { listAudienceAccess, logAudienceAccess } from "../../audience/access-log";
import {
  audienceBreakdown,
  audienceOptions,
  audienceTrend,
  channelRanking,
  daypartHeatmap,
  programmeSlot,
} from "../../audience/queries";
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

/** Runs a report and writes the privacy-log row in the same call: no report without its log entry. */
async function logged<T extends { privacy: { suppressedCells: number } }>(
  operatorId: number,
  report: string,
  filters: Record<string, unknown>,
  run: () => Promise<T>,
  cells: (r: T) => number,
): Promise<T> {
  const result = await run();
  await logAudienceAccess({
    operatorId,
    report,
    filters,
    cells: cells(result),
    suppressed: result.privacy.suppressedCells,
  });
  return result;
}

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
    .query(({ ctx, input }) =>
      logged(
        ctx.operator.id,
        "ranking",
        input.filter,
        () => channelRanking(input.filter),
        (r) => r.rows.length,
      ),
    ),

  heatmap: read
    .input(filterInput)
    .output(heatmapSchema)
    .query(({ ctx, input }) =>
      logged(
        ctx.operator.id,
        "heatmap",
        input.filter,
        () => daypartHeatmap(input.filter),
        (r) => r.cells.length,
      ),
    ),

  trend: read
    .input(filterInput)
    .output(trendSchema)
    .query(({ ctx, input }) =>
      logged(
        ctx.operator.id,
        "trend",
        input.filter,
        () => audienceTrend(input.filter),
        (r) => r.series.reduce((n, s) => n + s.points.length, 0),
      ),
    ),

  breakdown: read
    .input(breakdownInputSchema)
    .output(breakdownSchema)
    .query(({ ctx, input }) =>
      logged(
        ctx.operator.id,
        "breakdown",
        { ...input.filter, by: input.by },
        () => audienceBreakdown(input.filter, input.by),
        (r) => r.rows.length,
      ),
    ),

  slot: read
    .input(slotInputSchema)
    .output(slotSchema)
    .query(({ ctx, input }) =>
      logged(
        ctx.operator.id,
        "slot",
        { ...input.filter, channelId: input.channelId, start: input.start, end: input.end },
        () => programmeSlot(input.filter, input.channelId, input.start, input.end),
        (r) => r.hours.length,
      ),
    ),

  /** CSV of a report's published aggregates (never sessions), logged as export:<report>. */
  exportCsv: read
    .input(exportInput)
    .output(z.object({ filename: z.string(), csv: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { report, filter } = input;
      const operatorId = ctx.operator.id;
      const log = `export:${report}`;
      switch (input.report) {
        case "ranking":
          return reportCsv(
            "ranking",
            filter,
            await logged(
              operatorId,
              log,
              filter,
              () => channelRanking(filter),
              (r) => r.rows.length,
            ),
          );
        case "heatmap":
          return reportCsv(
            "heatmap",
            filter,
            await logged(
              operatorId,
              log,
              filter,
              () => daypartHeatmap(filter),
              (r) => r.cells.length,
            ),
          );
        case "trend":
          return reportCsv(
            "trend",
            filter,
            await logged(
              operatorId,
              log,
              filter,
              () => audienceTrend(filter),
              (r) => r.series.reduce((n, s) => n + s.points.length, 0),
            ),
          );
        case "breakdown":
          return reportCsv(
            "breakdown",
            filter,
            await logged(
              operatorId,
              log,
              { ...filter, by: input.by },
              () => audienceBreakdown(filter, input.by),
              (r) => r.rows.length,
            ),
          );
        case "slot":
          return reportCsv(
            "slot",
            filter,
            await logged(
              operatorId,
              log,
              { ...filter, channelId: input.channelId, start: input.start, end: input.end },
              () => programmeSlot(filter, input.channelId, input.start, input.end),
              (r) => r.hours.length,
            ),
          );
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
