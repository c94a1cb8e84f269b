// Words, numbers and links of the monitoring pages. Pure, so every page reads and links the same and
// the rules are unit-tested.
import { RANGES, type Range } from "@/lib/monitoring/query-api";
import { LAYERS, LAYER_LABELS, type Layer } from "@/lib/monitoring/qoe";
import {
  INCIDENT_VERDICT_LABELS,
  INCIDENT_VERDICTS,
  type IncidentVerdict,
} from "@/lib/monitoring/incident-schema";

export const RANGE_LABELS: Record<Range, string> = {
  "1h": "1 h",
  "6h": "6 h",
  "24h": "24 h",
  "7d": "7 days",
  "30d": "30 days",
};
export const DEFAULT_RANGE: Range = "24h";

/** A `?range=` value from the URL; anything else is the default. */
export function rangeFromParam(value: string | string[] | undefined): Range {
  const v = Array.isArray(value) ? value[0] : value;
  return RANGES.find((r) => r === v) ?? DEFAULT_RANGE;
}

export const DIM_LABELS = {
  fleet: "Fleet",
  channel: "Channel",
  model: "Model",
  software: "Software version",
  access_node: "Access node",
  region: "Region",
  device: "Device",
} as const;
export type DimName = keyof typeof DIM_LABELS;

export const BREAKDOWN_TABS = ["channel", "access_node", "region", "model", "software"] as const;
export type BreakdownTab = (typeof BREAKDOWN_TABS)[number];

export function breakdownFromParam(value: string | string[] | undefined): BreakdownTab {
  const v = Array.isArray(value) ? value[0] : value;
  return BREAKDOWN_TABS.find((d) => d === v) ?? "channel";
}

export function isDim(value: string | undefined): value is DimName {
  return value !== undefined && value in DIM_LABELS;
}

export function layerFromParam(value: string | string[] | undefined): Layer | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return LAYERS.find((l) => l === v);
}

export const layerLabel = (layer: string): string => (LAYER_LABELS as Record<string, string>)[layer] ?? layer;

export function verdictLabel(verdict: string): string {
  return (INCIDENT_VERDICTS as readonly string[]).includes(verdict)
    ? INCIDENT_VERDICT_LABELS[verdict as IncidentVerdict]
    : verdict;
}

/** The drill-down device list of one scope (and optionally one impaired layer). */
export function devicesHref(scope: { dim: DimName; key: string; range: Range; layer?: Layer }): string {
  const q = new URLSearchParams({ dim: scope.dim, key: scope.key, range: scope.range });
  if (scope.layer) q.set("layer", scope.layer);
  return `/monitoring/devices?${q.toString()}`;
}

/** The device page opened on its Stream quality tab. */
export const streamQualityHref = (deviceId: number) => `/devices/${deviceId}?tab=stream-quality`;

/** "12.3 %" for a 0..100 share; a dash when the scope has no data. */
export function pct(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  if (value > 0 && value < 0.1) return "< 0.1 %";
  return `${(Math.round(value * 10) / 10).toFixed(1)} %`;
}

export function qoe(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "—" : value.toFixed(2);
}

/** Viewing time in words: "3 h 20 min", "45 min", "30 s". */
export function duration(secs: number): string {
  if (!Number.isFinite(secs) || secs <= 0) return "0 s";
  if (secs < 60) return `${Math.round(secs)} s`;
  const minutes = Math.round(secs / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** A KPI value with its unit ("%", "MOS", "/h", "ms" ...). */
export function kpiValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  if (unit === "%") return pct(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 1 ? 2 : 4;
  const text = value.toFixed(digits);
  return unit && unit !== "ratio" ? `${text} ${unit}` : text;
}

export const confidenceLabel = (c: number) => `${Math.round(Math.min(1, Math.max(0, c)) * 100)} %`;
