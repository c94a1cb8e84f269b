// REST audience aggregates (audience.read): ranking, heatmap, trend, breakdown, programme slot, with the
// console's filters flattened into query parameters (lists comma-separated). The same report functions
// as the console: published cells only, k-suppressed, and each call writes its privacy-log row naming
// the token's operator.
import "server-only";
import { z } from "zod";
import {
  audienceFilterSchema,
  BREAKDOWN_DIMENSIONS,
  breakdownSchema,
  heatmapSchema,
  rankingSchema,
  slotInputSchema,
  slotSchema,
  trendSchema,
} from "../../../../lib/audience/report-api";
import {
  breakdownReport,
  heatmapReport,
  rankingReport,
  slotReport,
  trendReport,
} from "../../../audience/reports";
import { apiProcedure, createApiRouter } from "../trpc";

const TAGS = ["audience"];
const LIST = /^\d{1,10}(,\d{1,10})*$/;

/** "1,2,3" -> [1, 2, 3]; query strings carry no arrays in this API. */
const idList = (description: string) =>
  z
    .string()
    .regex(LIST, "comma-separated numbers")
    .max(5000)
    .describe(description)
    .transform((s) => s.split(",").map(Number))
    .optional();
const textList = (description: string) =>
  z
    .string()
    .max(5000)
    .describe(description)
    .transform((s) =>
      s
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .optional();

const filterQuery = z.object({
  from: z.string().max(10).describe("first local day, YYYY-MM-DD"),
  to: z.string().max(10).describe("last local day, YYYY-MM-DD (at most 400 days after from)"),
  regionIds: idList("comma-separated region ids (0 = households without a region)"),
  segments: textList("comma-separated subscriber segments"),
  channelIds: idList("comma-separated channel ids"),
});
type FilterQuery = z.output<typeof filterQuery>;

/** The console's filter schema checks the assembled filter (dates, order, span, list sizes). */
function filterOf(q: FilterQuery) {
  const { from, to, regionIds, segments, channelIds } = q;
  return audienceFilterSchema.parse({ from, to, regionIds, segments, channelIds });
}

function report(path: string, summary: string) {
  return apiProcedure("audience.read").meta({
    openapi: { method: "GET", path: `/audience/${path}`, tags: TAGS, summary, protect: true },
  });
}

export const audienceRoutes = createApiRouter({
  ranking: report("ranking", "Channel ranking: share, average daily reach, minutes per viewer")
    .input(filterQuery)
    .output(rankingSchema)
    .query(({ ctx, input }) => rankingReport(ctx.principal.actor.id, filterOf(input))),

  heatmap: report("heatmap", "Daypart heatmap: weekday x local hour, average audience")
    .input(filterQuery)
    .output(heatmapSchema)
    .query(({ ctx, input }) => heatmapReport(ctx.principal.actor.id, filterOf(input))),

  trend: report("trend", "Daily trend per channel (or all channels)")
    .input(filterQuery)
    .output(trendSchema)
    .query(({ ctx, input }) => trendReport(ctx.principal.actor.id, filterOf(input))),

  breakdown: report("breakdown", "Reach by region or by segment")
    .input(filterQuery.extend({ by: z.enum(BREAKDOWN_DIMENSIONS) }))
    .output(breakdownSchema)
    .query(({ ctx, input }) =>
      breakdownReport(ctx.principal.actor.id, { filter: filterOf(input), by: input.by }),
    ),

  slot: report("slot", "A programme slot: one channel between two whole local hours, each day")
    .input(
      filterQuery.extend({
        channelId: z.coerce.number().int().min(1).max(2_147_483_647),
        start: z.string().max(5).describe("HH:00"),
        end: z.string().max(5).describe("HH:00 (24:00 = midnight)"),
      }),
    )
    .output(slotSchema)
    .query(({ ctx, input }) => {
      const slot = slotInputSchema.parse({ ...input, filter: filterOf(input) });
      return slotReport(ctx.principal.actor.id, slot);
    }),
});
