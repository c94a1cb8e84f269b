// The dashboard queries' inputs and outputs (server/monitoring/queries), as zod schemas the routers use
// for .input()/.output(). Isomorphic. Every answer is plain JSON: times are ISO strings, ratios numbers
// (null when the scope holds no data for them).
import { z } from "zod";
import { LAYERS } from "./qoe";

/**
 * Time ranges and the store level each reads: 1h from the raw intervals (5-minute points), 6h and 24h
 * from the 15-minute rollups, 7d from the hourly and 30d from the daily ones. A rollup bucket appears
 * once it has settled (its end passed), so the newest point of a rollup-backed range lags by up to one
 * bucket.
 */
export const RANGES = ["1h", "6h", "24h", "7d", "30d"] as const;
export type Range = (typeof RANGES)[number];
export const rangeSchema = z.enum(RANGES);

export const LEVELS = ["raw", "15m", "1h", "1d"] as const;
export type QueryLevel = (typeof LEVELS)[number];
export const RANGE_LEVEL: Record<Range, QueryLevel> = {
  "1h": "raw",
  "6h": "15m",
  "24h": "15m",
  "7d": "1h",
  "30d": "1d",
};
export const RANGE_MS: Record<Range, number> = {
  "1h": 3_600_000,
  "6h": 6 * 3_600_000,
  "24h": 24 * 3_600_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
};

/** The key of the fleet dimension's single row. */
export const FLEET_KEY = "all";
/** The key of a dimension value the interval did not know (no channel, no topology). */
export const UNKNOWN_KEY = "";

export const DIMENSION_NAMES = [
  "fleet",
  "channel",
  "model",
  "software",
  "access_node",
  "region",
  "device",
] as const;
export const dimensionSchema = z.enum(DIMENSION_NAMES);
export const scopeSchema = z.object({ dim: dimensionSchema, key: z.string().max(300) });
export type Scope = z.infer<typeof scopeSchema>;

export const layerSchema = z.enum(LAYERS);
const ratio = z.number().nullable();
const layerPct = z.object({ ip: ratio, ts: ratio, decoder: ratio, buffer: ratio, any: ratio });

export const fleetSeriesInput = z.object({ range: rangeSchema, scope: scopeSchema.optional() });
export const seriesPointSchema = z.object({
  t: z.string(),
  devices: z.number(),
  impairedDevices: z.number(),
  secs: z.number(),
  qoe: ratio,
  impairedPct: layerPct,
  /** Viewing seconds per QoE band (QOE_BAND_EDGES of lib/monitoring/qoe.ts) */
  qoeBands: z.array(z.number()),
});
export const fleetSeriesOutput = z.object({
  level: z.enum(LEVELS),
  points: z.array(seriesPointSchema),
});
export type FleetSeries = z.infer<typeof fleetSeriesOutput>;

export const BREAKDOWN_DIMS = ["channel", "model", "software", "access_node", "region", "device"] as const;
export const breakdownInput = z.object({
  range: rangeSchema,
  dim: z.enum(BREAKDOWN_DIMS),
  /** A KPI key (lib/monitoring/kpis.ts); default: viewing time impaired, worst first */
  sort: z.string().max(64).optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export const breakdownRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  devices: z.number(),
  impairedDevices: z.number(),
  secs: z.number(),
  kpis: z.record(z.string(), ratio),
});
export const breakdownOutput = z.object({ level: z.enum(LEVELS), rows: z.array(breakdownRowSchema) });
export type BreakdownRow = z.infer<typeof breakdownRowSchema>;

export const OFFENDER_DIMS = ["device", "channel", "access_node"] as const;
export const topOffendersInput = z.object({
  range: rangeSchema,
  dim: z.enum(OFFENDER_DIMS),
  limit: z.number().int().min(1).max(100).default(10),
});
export const offenderRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  devices: z.number(),
  impairedDevices: z.number(),
  secs: z.number(),
  impairedSecs: z.number(),
  impairedPct: ratio,
  qoe: ratio,
  /** The layer with the most impaired seconds */
  worstLayer: layerSchema.nullable(),
});
export const topOffendersOutput = z.object({ level: z.enum(LEVELS), rows: z.array(offenderRowSchema) });

export const scopeDevicesInput = z.object({
  range: rangeSchema,
  dim: dimensionSchema,
  key: z.string().max(300),
  layer: layerSchema.optional(),
  limit: z.number().int().min(1).max(200).default(50),
  /** Offset of the next page (nextCursor of the previous answer) */
  cursor: z.number().int().min(0).max(100_000).optional(),
});
export const scopeDeviceRowSchema = z.object({
  deviceId: z.number(),
  serialNumber: z.string(),
  model: z.string(),
  software: z.string(),
  household: z.string(),
  secs: z.number(),
  impairedSecs: z.object({
    ip: z.number(),
    ts: z.number(),
    decoder: z.number(),
    buffer: z.number(),
    any: z.number(),
  }),
  qoe: ratio,
});
export const scopeDevicesOutput = z.object({
  level: z.enum(LEVELS),
  rows: z.array(scopeDeviceRowSchema),
  nextCursor: z.number().nullable(),
});
export type ScopeDeviceRow = z.infer<typeof scopeDeviceRowSchema>;

export const deviceStreamQualityInput = z.object({
  deviceId: z.number().int().min(1).max(2_147_483_647),
  hours: z.number().int().min(1).max(168).default(24),
});
export const streamIntervalPointSchema = z.object({
  ts: z.string(),
  secs: z.number(),
  stream: z.number(),
  channelId: z.number().nullable(),
  channel: z.string().nullable(),
  qoe: z.number(),
  impaired: z.object({ ip: z.boolean(), ts: z.boolean(), decoder: z.boolean(), buffer: z.boolean() }),
  kpis: z.object({
    lossRatio: ratio,
    lossEventsPerHour: ratio,
    ccErrorsPerHour: ratio,
    frameLossRatio: ratio,
    concealmentRatio: ratio,
    frozenFraction: ratio,
    zaps: z.number(),
    zapFailures: z.number(),
    zapMsMax: z.number(),
  }),
});
export const channelRunSchema = z.object({
  channelId: z.number().nullable(),
  channel: z.string().nullable(),
  from: z.string(),
  to: z.string(),
});
export const linePointSchema = z.object({
  ts: z.string(),
  secs: z.number(),
  erroredSecs: z.number(),
  severelyErroredSecs: z.number(),
  crcErrors: z.number(),
  resyncs: z.number(),
  dsRate: z.number().nullable(),
  usRate: z.number().nullable(),
  dsMargin: z.number().nullable(),
});
export const deviceStreamQualityOutput = z.object({
  from: z.string(),
  to: z.string(),
  intervals: z.array(streamIntervalPointSchema),
  channels: z.array(channelRunSchema),
  /** The household gateway whose line is shown (null when none reported a line) */
  gateway: z.object({ deviceId: z.number(), serialNumber: z.string() }).nullable(),
  line: z.array(linePointSchema),
});
export type DeviceStreamQuality = z.infer<typeof deviceStreamQualityOutput>;

export const kpiForScopeInput = z.object({
  range: rangeSchema,
  dim: dimensionSchema,
  key: z.string().max(300),
  metric: z.string().max(64),
});
export const kpiForScopeOutput = z.object({
  level: z.enum(LEVELS),
  value: ratio,
  devices: z.number(),
  secs: z.number(),
});
