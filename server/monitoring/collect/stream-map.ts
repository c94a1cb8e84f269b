// TR-135 ServiceMonitoring values (flat path -> value, from a BulkData report or a GetParameterValues
// answer) -> what each MainStream reported: its Total counters as a snapshot, its Sample lists as
// per-interval entries, the channel it was on and the IGMP join delay. Pure; both roots
// (Device.Services.STBService.{i}. and InternetGatewayDevice.Services.STBService.{i}.).
import {
  MAX_ZAPS_PER_INTERVAL,
  emptyStreamCounters,
  type StreamCounters,
} from "../../../lib/monitoring/intervals";
import type { CounterSnapshot } from "./counters";
import { parseCount, parseDateTime, parseList } from "./values";

/** Raw counter name (category.parameter) -> the StreamCounters field it adds to. */
export const STREAM_COUNTER_PARAMS: readonly (readonly [string, keyof StreamCounters])[] = [
  ["RTPStats.PacketsExpected", "rtpExpected"],
  ["RTPStats.PacketsLost", "rtpLost"],
  ["RTPStats.PacketsLostBeforeEC", "rtpLostBeforeEc"],
  ["RTPStats.LossEvents", "lossEvents"],
  ["RTPStats.LossEventsBeforeEC", "lossEventsBeforeEc"],
  ["RTPStats.SevereLossIndexCount", "severeLossEvents"],
  ["RTPStats.SevereLossLengthCount", "severeLossEvents"],
  ["MPEG2TSStats.TSPacketsReceived", "tsPackets"],
  ["MPEG2TSStats.PacketDiscontinuityCounter", "tsCcErrors"],
  ["MPEG2TSStats.PacketDiscontinuityCounterBeforeCA", "tsCcErrorsBeforeCa"],
  ["MPEG2TSStats.TSSyncLossCount", "tsSyncErrors"],
  ["MPEG2TSStats.TSSyncByteErrorCount", "tsSyncErrors"],
  ["VideoDecoderStats.DecodedFrames", "videoFrames"],
  ["VideoDecoderStats.LostFrames", "videoLost"],
  ["VideoDecoderStats.ConcealedFrames", "videoConcealed"],
  ["VideoDecoderStats.ILostFrames", "videoILost"],
  ["VideoDecoderStats.AVResynchCounter", "avResyncs"],
  ["AudioDecoderStats.DecodedFrames", "audioFrames"],
  ["AudioDecoderStats.DecodingErrors", "audioErrors"],
  ["DejitteringStats.Underruns", "underruns"],
  ["DejitteringStats.Overruns", "overruns"],
  ["DejitteringStats.EmptyBufferTime", "emptyBufferMs"],
  ["VideoResponseStats.ChannelChangeFailures", "zapFailures"],
];

export interface ChannelHint {
  name: string | null;
  group: string | null;
  uri: string | null;
}

export interface SampleEntries {
  /** End time (ms) of each entry, oldest first */
  ends: number[];
  /** SampleInterval (s): an entry covers [end - interval, end] */
  interval: number;
  secs: (number | null)[];
  /** Raw counter name -> per-entry value (null where missing or garbage) */
  lists: Record<string, (number | null)[]>;
  zapMs: number[][];
}

export interface StreamObservation {
  /** "Device.Services.STBService.1.ServiceMonitoring.MainStream.2." (the cursor key) */
  path: string;
  stream: number;
  totals: CounterSnapshot | null;
  resetSeen: boolean;
  samples: SampleEntries | null;
  channel: ChannelHint;
  igmpJoinMs: number | null;
}

const MAIN_STREAM =
  /^((?:Device|InternetGatewayDevice)\.Services\.STBService\.\d+\.)ServiceMonitoring\.MainStream\.(\d+)\./;

/** Every MainStream with statistics in `values`. `at` = the reading's (corrected) device time. */
export function observeStreams(
  values: ReadonlyMap<string, string>,
  at: number,
  uptime: number | null,
  shift = 0,
): StreamObservation[] {
  const streams = new Map<string, { service: string; stream: number }>();
  for (const name of values.keys()) {
    const m = MAIN_STREAM.exec(name);
    if (m && !streams.has(m[0])) streams.set(m[0], { service: m[1]!, stream: Number(m[2]) });
  }
  const out: StreamObservation[] = [];
  for (const [path, { service, stream }] of streams) {
    const get = (rest: string) => values.get(`${path}${rest}`);
    const totals = totalSnapshot(get, at, uptime);
    const samples = sampleEntries(values, service, get, shift);
    if (!totals && !samples) continue;
    out.push({
      path,
      stream,
      totals,
      resetSeen: /^(true|1)$/i.test(get("Total.Reset") ?? ""),
      samples,
      channel: channelHint(values, service, get("AVStream")),
      igmpJoinMs: igmpJoinDelay(values, service),
    });
  }
  return out;
}

function totalSnapshot(get: (rest: string) => string | undefined, at: number, uptime: number | null) {
  const seconds = parseCount(get("Total.TotalSeconds"));
  if (seconds === null) return null;
  const counters: Record<string, number> = {};
  for (const [raw] of STREAM_COUNTER_PARAMS) {
    const v = parseCount(get(`Total.${raw}`));
    if (v !== null) counters[raw] = v;
  }
  return { at, seconds, resetAge: parseCount(get("Total.ResetTime")), uptime, counters };
}

function sampleEntries(
  values: ReadonlyMap<string, string>,
  service: string,
  get: (rest: string) => string | undefined,
  shift: number,
): SampleEntries | null {
  const secs = parseList(get("Sample.SampleSeconds"));
  const end = parseDateTime(values.get(`${service}ServiceMonitoring.ReportEndTime`));
  const interval = parseCount(values.get(`${service}ServiceMonitoring.SampleInterval`));
  if (!secs || secs.length === 0 || end === null || !interval) return null;
  const n = secs.length;
  const ends = secs.map((_, i) => end + shift - (n - 1 - i) * interval * 1000);
  const lists: Record<string, (number | null)[]> = {};
  for (const [raw] of STREAM_COUNTER_PARAMS) {
    const list = parseList(get(`Sample.${raw}`));
    // A list of another length cannot be lined up with the entries: skipped, the rest kept.
    if (list && list.length === n) lists[raw] = list;
  }
  const zapText = get("Sample.VideoResponseStats.VideoSystemResponse");
  const zapEntries = zapText === undefined ? [] : zapText.split(",");
  const zapMs = secs.map((_, i) => (zapEntries.length === n ? zapTimes(zapEntries[i]!) : []));
  return { ends, interval, secs, lists, zapMs };
}

/** "837:453:1234" -> [837, 453, 1234]; garbage entries dropped, at most MAX_ZAPS_PER_INTERVAL. */
export function zapTimes(entry: string): number[] {
  if (entry.trim() === "") return [];
  return entry
    .split(":")
    .map((z) => parseCount(z))
    .filter((z): z is number => z !== null)
    .slice(0, MAX_ZAPS_PER_INTERVAL);
}

function channelHint(values: ReadonlyMap<string, string>, service: string, avStreamRef: string | undefined) {
  const hint: ChannelHint = { name: null, group: null, uri: null };
  const n = /(\d+)\.?$/.exec(avStreamRef ?? "")?.[1];
  if (!n) return hint;
  const av = `${service}AVStreams.AVStream.${n}.`;
  hint.name = values.get(`${av}Name`)?.trim() || null;
  const inbound = values.get(`${av}Inbound`)?.trim().replace(/\.?$/, ".");
  if (inbound && inbound !== ".") {
    const path = inbound.startsWith(service)
      ? inbound
      : `${service}${inbound.replace(/^.*?Components\./, "Components.")}`;
    hint.group = values.get(`${path}DestinationAddress`)?.trim() || null;
    hint.uri = values.get(`${path}URI`)?.trim() || null;
  }
  return hint;
}

function igmpJoinDelay(values: ReadonlyMap<string, string>, service: string): number | null {
  let max: number | null = null;
  const prefix = `${service}Components.FrontEnd.`;
  for (const [name, value] of values) {
    if (!name.startsWith(prefix) || !name.endsWith(".QuarterHour.MaxJoinDelay")) continue;
    const v = parseCount(value);
    if (v !== null) max = Math.max(max ?? 0, v);
  }
  return max;
}

/** Raw per-interval deltas (by TR-135 name) -> StreamCounters. */
export function streamCounters(
  raw: Readonly<Record<string, number | null>>,
  zapMs: number[] = [],
): StreamCounters {
  const c = emptyStreamCounters();
  for (const [name, key] of STREAM_COUNTER_PARAMS) {
    const v = raw[name];
    if (v !== null && v !== undefined && Number.isFinite(v) && v > 0) (c[key] as number) += v;
  }
  c.zapMs = zapMs;
  c.zaps = zapMs.length + c.zapFailures;
  return c;
}
