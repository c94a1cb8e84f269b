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

const filterFields = z.object({
  from: z.string().max(10).describe("first local day, YYYY-MM-DD"),
  to: z.string().max(10).describe("last local day, YYYY-MM-DD (at most 400 days after from)"),
  regionIds: idList("comma-separated region ids (0 = households without a region)"),
  segments: textList("comma-separated subscriber segments"),
  channelIds: idList("comma-separated channel ids"),
});
type FilterFields = z.output<typeof filterFields>;

function filterOf(q: FilterFields) {
  const { from, to, regionIds, segments, channelIds } = q;
  return { from, to, regionIds, segments, channelIds };
}

/**
 * The console's schema checks the assembled input (dates, order, span, list sizes, slot hours) as part
 * of input validation, so a bad filter is a 422 with its fields like any other input error.
 */
function checkedAs<T extends FilterFields>(schema: z.ZodType, assemble: (q: T) => unknown) {
  return (q: T, ctx: z.RefinementCtx) => {
    const checked = schema.safeParse(assemble(q));
    if (checked.success) return;
    for (const issue of checked.error.issues) {
      const [first, ...rest] = issue.path;
      // The console nests the filter; here its fields are top-level query parameters.
      const path = first === "filter" ? rest : issue.path;
      ctx.addIssue({ code: "custom", path, message: issue.message });
    }
  };
}

const filterQuery = filterFields.superRefine(checkedAs(audienceFilterSchema, filterOf));
const breakdownQuery = filterFields
  .extend({ by: z.enum(BREAKDOWN_DIMENSIONS) })
  .superRefine(checkedAs(audienceFilterSchema, filterOf));
const slotQuery = filterFields
  .extend({
    channelId: z.coerce.number().int().min(1).max(2_147_483_647),
    start: z.string().max(5).describe("HH:00"),
    end: z.string().max(5).describe("HH:00 (24:00 = midnight)"),
  })
  .superRefine(
    checkedAs(slotInputSchema, (q: FilterFields & { channelId: number; start: string; end: string }) => ({
      ...q,
      filter: filterOf(q),
    })),
  );

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
    .input(breakdownQuery)
    .output(breakdownSchema)
    .query(({ ctx, input }) =>
      breakdownReport(ctx.principal.actor.id, { filter: filterOf(input), by: input.by }),
    ),

  slot: report("slot", "A programme slot: one channel between two whole local hours, each day")
    .input(slotQuery)
    .output(slotSchema)
    .query(({ ctx, input }) => {
      const { channelId, start, end } = input;
      return slotReport(ctx.principal.actor.id, { filter: filterOf(input), channelId, start, end });
    }),
});
