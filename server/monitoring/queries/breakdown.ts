// Breakdowns by one dimension (every KPI per channel, node, region, model, version or device), the top
// offenders (worst by impaired viewing time) and one KPI of one scope (alarms, the wave gate).
import type { z } from "zod";
import type {
  breakdownInput,
  BreakdownRow,
  kpiForScopeInput,
  kpiForScopeOutput,
  topOffendersInput,
  topOffendersOutput,
} from "../../../lib/monitoring/query-api";
import {
  LINE_KPIS,
  STREAM_KPIS,
  findLineKpi,
  findStreamKpi,
  type Dimension,
  type LineSums,
  type StreamSums,
} from "../../../lib/monitoring/kpis";
import { LAYERS, type Layer } from "../../../lib/monitoring/qoe";
import { labelsOf, levelFor, sumsByKey, windowOf } from "./source";

/** Keys fetched before sorting by a KPI: the ones with the most impaired viewing time. */
const CANDIDATES = 5_000;
const LINE_DIMS: readonly Dimension[] = ["access_node", "region", "model", "software", "fleet", "device"];

export async function breakdown(
  input: z.input<typeof breakdownInput>,
): Promise<{ level: ReturnType<typeof levelFor>; rows: BreakdownRow[] }> {
  const limit = Math.min(500, Math.max(1, input.limit ?? 50));
  const level = levelFor(input.range, input.dim);
  const window = windowOf(input.range, level);
  const withLine = input.dim === "access_node" || input.dim === "region" || input.dim === "model";
  const [streams, lines] = await Promise.all([
    sumsByKey({ kind: "stream", level, dim: input.dim, window, limit: CANDIDATES }),
    withLine
      ? sumsByKey({ kind: "line", level, dim: input.dim, window, limit: CANDIDATES })
      : Promise.resolve(new Map<string, LineSums>()),
  ]);
  const sortKpi =
    findStreamKpi(input.sort ?? "") ?? findLineKpi(input.sort ?? "") ?? findStreamKpi("impaired_pct")!;
  const rows = [...streams].map(([key, s]) => ({ key, s, kpis: kpisOf(s, lines.get(key)) }));
  const worst = sortKpi.higherIsWorse ? -1 : 1;
  rows.sort((a, b) => {
    const va = a.kpis[sortKpi.key] ?? null;
    const vb = b.kpis[sortKpi.key] ?? null;
    if (va === null || vb === null) return va === vb ? b.s.secs - a.s.secs : va === null ? 1 : -1;
    return va === vb ? b.s.secs - a.s.secs : worst * (va - vb);
  });
  const top = rows.slice(0, limit);
  const labels = await labelsOf(
    input.dim,
    top.map((r) => r.key),
  );
  return {
    level,
    rows: top.map((r) => ({
      key: r.key,
      label: labels.get(r.key) ?? r.key,
      devices: r.s.devices,
      impairedDevices: r.s.impairedDevices,
      secs: r.s.secs,
      kpis: r.kpis,
    })),
  };
}

function kpisOf(s: StreamSums, line: LineSums | undefined): Record<string, number | null> {
  const kpis: Record<string, number | null> = {};
  for (const k of STREAM_KPIS) kpis[k.key] = finite(k.value(s));
  if (line) for (const k of LINE_KPIS) kpis[k.key] = finite(k.value(line));
  return kpis;
}

const finite = (v: number | null) => (v === null || !Number.isFinite(v) ? null : v);

export async function topOffenders(
  input: z.input<typeof topOffendersInput>,
): Promise<z.infer<typeof topOffendersOutput>> {
  const limit = Math.min(100, Math.max(1, input.limit ?? 10));
  const level = levelFor(input.range, input.dim);
  const sums = await sumsByKey({
    kind: "stream",
    level,
    dim: input.dim,
    window: windowOf(input.range, level),
    limit,
  });
  const keys = [...sums.keys()];
  const labels = await labelsOf(input.dim, keys);
  const rows = [...sums]
    .filter(([, s]) => s.impairedAny > 0)
    .map(([key, s]) => {
      const byLayer: Record<Layer, number> = {
        ip: s.impairedIp,
        ts: s.impairedTs,
        decoder: s.impairedDecoder,
        buffer: s.impairedBuffer,
      };
      const worstLayer = LAYERS.reduce<Layer | null>(
        (best, l) => (byLayer[l] > 0 && (best === null || byLayer[l] > byLayer[best]) ? l : best),
        null,
      );
      return {
        key,
        label: labels.get(key) ?? key,
        devices: s.devices,
        impairedDevices: s.impairedDevices,
        secs: s.secs,
        impairedSecs: s.impairedAny,
        impairedPct: s.secs > 0 ? (100 * s.impairedAny) / s.secs : null,
        qoe: s.secs > 0 ? s.qoeWeighted / s.secs : null,
        worstLayer,
      };
    });
  return { level, rows };
}

export async function kpiForScope(
  input: z.input<typeof kpiForScopeInput>,
): Promise<z.infer<typeof kpiForScopeOutput>> {
  const level = levelFor(input.range, input.dim);
  const window = windowOf(input.range, level);
  const streamKpi = findStreamKpi(input.metric);
  const lineKpi = streamKpi ? undefined : findLineKpi(input.metric);
  if (!streamKpi && !lineKpi) return { level, value: null, devices: 0, secs: 0 };
  if (streamKpi) {
    const sums = await sumsByKey({ kind: "stream", level, dim: input.dim, window, key: input.key, limit: 1 });
    const s = sums.get(input.key);
    return {
      level,
      value: s ? finite(streamKpi.value(s)) : null,
      devices: s?.devices ?? 0,
      secs: s?.secs ?? 0,
    };
  }
  if (!LINE_DIMS.includes(input.dim)) return { level, value: null, devices: 0, secs: 0 };
  const sums = await sumsByKey({ kind: "line", level, dim: input.dim, window, key: input.key, limit: 1 });
  const s = sums.get(input.key);
  return { level, value: s ? finite(lineKpi!.value(s)) : null, devices: s?.devices ?? 0, secs: s?.secs ?? 0 };
}
