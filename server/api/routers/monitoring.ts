// NOC dashboards and the help desk's stream quality: fleet series, breakdowns, top offenders, the
// drill-down device list, one device's last hours, and the overview's open incident / alarm counts.
// All reads (monitoring.read); the queries live in server/monitoring/queries.
import "server-only";
import { z } from "zod";
import { monitoringStatus, monitoringStatusOutput } from "../../monitoring/status";
import {
  breakdownInput,
  breakdownOutput,
  deviceStreamQualityInput,
  deviceStreamQualityOutput,
  fleetSeriesInput,
  fleetSeriesOutput,
  kpiForScopeInput,
  kpiForScopeOutput,
  scopeDevicesInput,
  scopeDevicesOutput,
  topOffendersInput,
  topOffendersOutput,
} from "../../../lib/monitoring/query-api";
import {
  breakdown,
  deviceStreamQuality,
  fleetSeries,
  kpiForScope,
  scopeDevices,
  topOffenders,
} from "../../monitoring/queries";
import { createTRPCRouter, permissionProcedure } from "../trpc";

const read = permissionProcedure("monitoring.read");

export const monitoringRouter = createTRPCRouter({
  series: read
    .input(fleetSeriesInput)
    .output(fleetSeriesOutput)
    .query(({ input }) => fleetSeries(input)),
  breakdown: read
    .input(breakdownInput)
    .output(breakdownOutput)
    .query(({ input }) => breakdown(input)),
  topOffenders: read
    .input(topOffendersInput)
    .output(topOffendersOutput)
    .query(({ input }) => topOffenders(input)),
  devices: read
    .input(scopeDevicesInput)
    .output(scopeDevicesOutput)
    .query(({ input }) => scopeDevices(input)),
  kpi: read
    .input(kpiForScopeInput)
    .output(kpiForScopeOutput)
    .query(({ input }) => kpiForScope(input)),
  streamQuality: read
    .input(deviceStreamQualityInput)
    .output(deviceStreamQualityOutput)
    .query(({ input }) => deviceStreamQuality(input.deviceId, { hours: input.hours })),

  /** What the overview shows beside its charts: open incidents and raised alarms by severity. */
  status: read
    .input(z.object({}).default({}))
    .output(monitoringStatusOutput)
    .query(() => monitoringStatus()),
});
