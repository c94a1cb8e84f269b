// DSL line values (flat path -> value) -> a cumulative snapshot per line plus its gauges. TR-098
// InternetGatewayDevice.WANDevice.{i}.WANDSLInterfaceConfig. (counters under Stats.Total.) and TR-181
// Device.DSL.Line.{i}. with the rates and FEC/CRC of Device.DSL.Channel.{i}. (channel i taken as line i,
// the usual single-channel line). Pure.
import type { LineCounters } from "../../../lib/monitoring/intervals";
import { gauge, type CounterSnapshot } from "./counters";
import { parseCount, parseInteger } from "./values";

export interface LineGauges {
  dsRate: number | null;
  usRate: number | null;
  dsMargin: number | null;
  usMargin: number | null;
  dsAttenuation: number | null;
}

export interface LineObservation {
  /** "InternetGatewayDevice.WANDevice.1.WANDSLInterfaceConfig." | "Device.DSL.Line.1." (cursor key) */
  path: string;
  line: number;
  totals: CounterSnapshot;
  /** ShowtimeStart: seconds since the current showtime began (going back = a resync) */
  showtime: number | null;
  gauges: LineGauges;
}

/** Raw counter names in the snapshot (normalised across TR-098 / TR-181). */
type RawLine = "es" | "ses" | "crc" | "fec" | "retrain" | "rx" | "tx";

const TR098 = /^(InternetGatewayDevice\.WANDevice\.(\d+)\.)WANDSLInterfaceConfig\./;
const TR181 = /^Device\.DSL\.Line\.(\d+)\./;

export function observeLines(
  values: ReadonlyMap<string, string>,
  at: number,
  uptime: number | null,
): LineObservation[] {
  const found = new Map<string, { line: number; wan?: string }>();
  for (const name of values.keys()) {
    const a = TR098.exec(name);
    if (a && !found.has(`${a[1]}WANDSLInterfaceConfig.`))
      found.set(`${a[1]}WANDSLInterfaceConfig.`, { line: Number(a[2]), wan: a[1]! });
    const b = TR181.exec(name);
    if (b && !found.has(b[0])) found.set(b[0], { line: Number(b[1]) });
  }
  const out: LineObservation[] = [];
  for (const [path, { line, wan }] of found) {
    const get = (p: string) => values.get(p);
    const chan = `Device.DSL.Channel.${line}.`;
    const raw: Partial<Record<RawLine, string | undefined>> = wan
      ? {
          es: get(`${path}Stats.Total.ErroredSecs`),
          ses: get(`${path}Stats.Total.SeverelyErroredSecs`),
          crc: get(`${path}Stats.Total.CRCErrors`),
          fec: get(`${path}Stats.Total.FECErrors`),
          retrain: get(`${path}Stats.Total.LinkRetrain`),
          rx: get(`${wan}WANCommonInterfaceConfig.TotalBytesReceived`),
          tx: get(`${wan}WANCommonInterfaceConfig.TotalBytesSent`),
        }
      : {
          es: get(`${path}Stats.Total.ErroredSecs`),
          ses: get(`${path}Stats.Total.SeverelyErroredSecs`),
          crc: get(`${chan}Stats.Total.XTURCRCErrors`),
          fec: get(`${chan}Stats.Total.XTURFECErrors`),
          rx: get(`${path}Stats.BytesReceived`),
          tx: get(`${path}Stats.BytesSent`),
        };
    const counters: Record<string, number> = {};
    for (const [k, v] of Object.entries(raw)) {
      const n = parseCount(v);
      if (n !== null) counters[k] = n;
    }
    const stats = wan ? path : `${path}Stats.`;
    const totalStart = parseCount(get(`${stats}TotalStart`));
    const showtime = parseCount(get(`${stats}ShowtimeStart`));
    const rates = wan ? path : chan;
    const gauges: LineGauges = {
      dsRate: gauge(num(get(`${rates}DownstreamCurrRate`)), 0, 10_000_000),
      usRate: gauge(num(get(`${rates}UpstreamCurrRate`)), 0, 10_000_000),
      dsMargin: gauge(int(get(`${path}DownstreamNoiseMargin`)), -640, 640),
      usMargin: gauge(int(get(`${path}UpstreamNoiseMargin`)), -640, 640),
      dsAttenuation: gauge(int(get(`${path}DownstreamAttenuation`)), 0, 1_630),
    };
    const hasGauge = Object.values(gauges).some((g) => g !== null);
    if (Object.keys(counters).length === 0 && !hasGauge) continue;
    out.push({
      path,
      line,
      // Without TotalStart the statistics' age follows the clock; a restart then shows as a reboot.
      totals: { at, seconds: totalStart ?? Math.floor(at / 1000), resetAge: null, uptime, counters },
      showtime,
      gauges,
    });
  }
  return out;
}

const num = (v: string | undefined) => parseCount(v) ?? undefined;
const int = (v: string | undefined) => parseInteger(v) ?? undefined;

/** Per-interval raw deltas -> LineCounters (a showtime that restarted inside the interval is a resync). */
export function lineCounters(
  d: Readonly<Record<string, number>>,
  secs: number,
  showtime: number | null,
  resynced: boolean,
  gauges: LineGauges,
): LineCounters {
  const c = (k: RawLine) => d[k] ?? 0;
  return {
    showtimeSecs: showtime === null ? secs : Math.min(secs, showtime),
    erroredSecs: Math.min(secs, c("es")),
    severelyErroredSecs: Math.min(secs, c("ses")),
    crcErrors: c("crc"),
    fecErrors: c("fec"),
    resyncs: Math.max(c("retrain"), resynced ? 1 : 0),
    bytesRx: c("rx"),
    bytesTx: c("tx"),
    ...gauges,
  };
}
