// The dashboard answers the charts read (lib/monitoring/query-api.ts), as plain types for pure code.
import type { DeviceStreamQuality, FleetSeries } from "@/lib/monitoring/query-api";

export type { DeviceStreamQuality, FleetSeries };
export type StreamQualityPoint = DeviceStreamQuality["intervals"][number];
