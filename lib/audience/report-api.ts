// Audience reports' inputs and outputs (server/audience/queries), as zod schemas the router uses for
// .input()/.output() and the pages for their forms. Isomorphic. Privacy shapes every answer: a figure
// behind fewer than k households is never sent, only `suppressed: true` ("fewer than k"), and every total
// is the sum of published cells only (docs/PRIVACY.md), so no two reports can be differenced into a
// suppressed cell. Days are local days in AUDIENCE_TIME_ZONE, as YYYY-MM-DD.
import { z } from "zod";

export const MAX_REPORT_DAYS = 400;
const day = z.iso.date();

/** Filters every report takes; none = the whole panel. */
export const audienceFilterSchema = z
  .object({
    from: day,
    to: day,
    regionIds: z.array(z.number().int().min(0).max(2_147_483_647)).max(100).optional(),
    segments: z.array(z.string().max(100)).max(50).optional(),
    channelIds: z.array(z.number().int().min(1).max(2_147_483_647)).max(500).optional(),
  })
  .refine((f) => f.from <= f.to, { message: "from must not be after to", path: ["to"] })
  .refine((f) => (Date.parse(f.to) - Date.parse(f.from)) / 86_400_000 < MAX_REPORT_DAYS, {
    message: `at most ${MAX_REPORT_DAYS} days`,
    path: ["from"],
  });
export type AudienceFilter = z.infer<typeof audienceFilterSchema>;

/** A published figure, or "fewer than k" (value null, suppressed true), or no data at all. */
export const cellSchema = z.object({ value: z.number().nullable(), suppressed: z.boolean() });
export type Cell = z.infer<typeof cellSchema>;

/** What every report says about how it was protected. */
export const privacyNoteSchema = z.object({
  k: z.number(),
  /** base cells inside the filters that were suppressed (their figures are in no total) */
  suppressedCells: z.number(),
  /** noise scale when calibrated noise is on (docs/PRIVACY.md), else 0 */
  noise: z.number(),
  /** viewing time is published by hour x channel x region only: not with a segment filter */
  viewingTimeBySegment: z.literal(false),
  timeZone: z.string(),
});

export const channelRefSchema = z.object({
  channelId: z.number(),
  name: z.string(),
  number: z.number().nullable(),
});

/** Channel ranking: share of viewing time, average daily reach, average viewing time per viewer. */
export const rankingSchema = z.object({
  privacy: privacyNoteSchema,
  days: z.number(),
  rows: z.array(
    channelRefSchema.extend({
      /** viewing hours in the range (null with a segment filter) */
      hours: cellSchema,
      /** share of all published viewing time in the range, 0..1 */
      share: z.number().nullable(),
      /** households per day that watched at least a minute, averaged over the days */
      reach: cellSchema,
      /** reach / households that watched anything, 0..1 */
      reachPct: z.number().nullable(),
      /** minutes per reached household per day */
      minutesPerViewer: z.number().nullable(),
    }),
  ),
  /** households per day that watched anything (average) */
  panel: cellSchema,
});
export type Ranking = z.infer<typeof rankingSchema>;

/** Daypart heatmap: ISO weekday (1 = Monday) x local hour, average audience (boxes watching). */
export const heatmapSchema = z.object({
  privacy: privacyNoteSchema,
  cells: z.array(
    z.object({
      weekday: z.number().int().min(1).max(7),
      hour: z.number().int().min(0).max(23),
      /** average number of boxes watching (viewing seconds / seconds in those hours) */
      audience: cellSchema,
      /** the channels' share of all viewing in that weekday-hour, 0..1 (null = no channel filter) */
      share: z.number().nullable(),
    }),
  ),
});
export type Heatmap = z.infer<typeof heatmapSchema>;

/** Trends: one point per day per channel (or all channels when no channel filter). */
export const trendSchema = z.object({
  privacy: privacyNoteSchema,
  series: z.array(
    z.object({
      channelId: z.number().nullable(),
      name: z.string(),
      points: z.array(z.object({ day, hours: cellSchema, reach: cellSchema, share: z.number().nullable() })),
    }),
  ),
});
export type Trend = z.infer<typeof trendSchema>;

export const BREAKDOWN_DIMENSIONS = ["region", "segment"] as const;
export const breakdownInputSchema = z.object({
  filter: audienceFilterSchema,
  by: z.enum(BREAKDOWN_DIMENSIONS),
});
/** By region or segment: reach (and viewing time by region) where k holds. */
export const breakdownSchema = z.object({
  privacy: privacyNoteSchema,
  by: z.enum(BREAKDOWN_DIMENSIONS),
  rows: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      reach: cellSchema,
      reachPct: z.number().nullable(),
      /** null for segments (viewing time is not published by segment) */
      hours: cellSchema.nullable(),
      panel: cellSchema,
    }),
  ),
});
export type Breakdown = z.infer<typeof breakdownSchema>;

const clock = z.string().regex(/^([01]\d|2[0-3]):00$|^24:00$/, "whole hours, HH:00");
/** A programme slot: a channel between two whole local hours, on each day of the range. */
export const slotInputSchema = z.object({
  filter: audienceFilterSchema,
  channelId: z.number().int().min(1).max(2_147_483_647),
  start: clock,
  end: clock,
});
export const slotSchema = z.object({
  privacy: privacyNoteSchema,
  channel: channelRefSchema,
  /** average boxes watching over the slot (all days) */
  audience: cellSchema,
  /** the channel's share of all viewing in the slot */
  share: z.number().nullable(),
  hours: z.array(z.object({ day, hour: z.number(), audience: cellSchema, share: z.number().nullable() })),
});
export type Slot = z.infer<typeof slotSchema>;

export const REPORTS = ["ranking", "heatmap", "trend", "breakdown", "slot"] as const;
export type AudienceReport = (typeof REPORTS)[number];

/** The privacy log, newest first. */
export const accessLogSchema = z.object({
  rows: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      operator: z.string().nullable(),
      report: z.string(),
      filters: z.record(z.string(), z.unknown()),
      cells: z.number(),
      suppressed: z.number(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

/** Opt-outs: the household key as the operator knows it (subscriber id / gateway serial). */
export const householdKeySchema = z.string().trim().min(1).max(256);
export const optOutSchema = z.object({
  household: z.string(),
  optedOutAt: z.string(),
  by: z.string(),
  note: z.string(),
});
