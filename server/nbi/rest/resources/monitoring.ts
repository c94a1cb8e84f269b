// REST monitoring (monitoring.read): the NOC dashboards' queries — fleet series, breakdown, top
// offenders, a scope's devices and KPI, one device's stream quality — and the overview's status. The
// console's server/monitoring queries, unchanged; query parameters are fresh coercing schemas built
// from the shared enums (trpc-to-openapi turns coercion on in what it parses with).
import "server-only";
import { z } from "zod";
import { monitoringStatus, monitoringStatusOutput } from "../../../monitoring/status";
import { INT4_MAX } from "../../../../lib/ids";
import {
  BREAKDOWN_DIMS,
  breakdownOutput,
  deviceStreamQualityOutput,
  dimensionSchema,
  fleetSeriesOutput,
  kpiForScopeOutput,
  layerSchema,
  OFFENDER_DIMS,
  rangeSchema,
  scopeDevicesOutput,
  topOffendersOutput,
} from "../../../../lib/monitoring/query-api";
import {
  breakdown,
  deviceStreamQuality,
  fleetSeries,
  kpiForScope,
  scopeDevices,
  topOffenders,
} from "../../../monitoring/queries";
import { apiProcedure, createApiRouter } from "../trpc";

const TAGS = ["monitoring"];
const read = () => apiProcedure("monitoring.read");
const get = (path: `/${string}`, summary: string) => ({
  openapi: { method: "GET" as const, path, tags: TAGS, summary, protect: true },
});

const key = z.string().max(300).describe("The dimension value (e.g. a channel id); fleet: all");
const limit = (max: number, dflt: number) => z.coerce.number().int().min(1).max(max).default(dflt);

export const monitoringRoutes = createApiRouter({
  series: read()
    .meta(get("/monitoring/series", "Fleet (or one scope's) QoE series over a range"))
    .input(z.object({ range: rangeSchema, dim: dimensionSchema.optional(), key: key.optional() }))
    .output(fleetSeriesOutput)
    .query(({ input }) =>
      fleetSeries({
        range: input.range,
        scope: input.dim === undefined ? undefined : { dim: input.dim, key: input.key ?? "" },
      }),
    ),

  breakdown: read()
    .meta(get("/monitoring/breakdown", "KPIs by one dimension, worst first"))
    .input(
      z.object({
        range: rangeSchema,
        dim: z.enum(BREAKDOWN_DIMS),
        sort: z.string().max(64).optional().describe("A KPI key"),
        limit: limit(500, 50),
      }),
    )
    .output(breakdownOutput)
    .query(({ input }) => breakdown(input)),

  topOffenders: read()
    .meta(get("/monitoring/top-offenders", "The most impaired devices, channels or access nodes"))
    .input(z.object({ range: rangeSchema, dim: z.enum(OFFENDER_DIMS), limit: limit(100, 10) }))
    .output(topOffendersOutput)
    .query(({ input }) => topOffenders(input)),

  devices: read()
    .meta(get("/monitoring/devices", "The devices of one scope, most impaired first"))
    .input(
      z.object({
        range: rangeSchema,
        dim: dimensionSchema,
        key,
        layer: layerSchema.optional(),
        limit: limit(200, 50),
        cursor: z.coerce
          .number()
          .int()
          .min(0)
          .max(100_000)
          .optional()
          .describe("nextCursor of the previous page"),
      }),
    )
    .output(scopeDevicesOutput)
    .query(({ input }) => scopeDevices(input)),

  kpi: read()
    .meta(get("/monitoring/kpi", "One KPI for one scope"))
    .input(z.object({ range: rangeSchema, dim: dimensionSchema, key, metric: z.string().max(64) }))
    .output(kpiForScopeOutput)
    .query(({ input }) => kpiForScope(input)),

  streamQuality: read()
    .meta(get("/monitoring/devices/{deviceId}/stream-quality", "One device's stream quality, last hours"))
    .input(
      z.object({
        deviceId: z.coerce.number().int().min(1).max(INT4_MAX),
        hours: z.coerce.number().int().min(1).max(168).default(24),
      }),
    )
    .output(deviceStreamQualityOutput)
    .query(({ input }) => deviceStreamQuality(input.deviceId, { hours: input.hours })),

  status: read()
    .meta(get("/monitoring/status", "Open incidents and raised alarms by severity"))
    .input(z.object({}))
    .output(monitoringStatusOutput)
    .query(() => monitoringStatus()),
});
