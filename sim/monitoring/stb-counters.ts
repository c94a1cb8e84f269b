// How generated stream statistics land in a set-top box's TR-135 tree: Total.* counters (uint32,
// wrapping after 4294967295, TotalSeconds per category advancing only while viewing), Sample.* lists
// (one entry per closed interval, oldest dropped beyond ReportSamples), and the objects that follow
// the channel on screen (AVStream name, IP Inbound stream, IGMP groups).
import type { StreamCounters } from "../../lib/monitoring/intervals";
import type { ParamTree } from "../param-tree";
import type { ChannelInfo } from "./world";

export const UINT32_RANGE = 4294967296;
// Spelled out rather than imported: build-stb.ts imports this module (no cycle at load time).
const STB = "Device.Services.STBService.1.";
const MAIN_STREAM = `${STB}ServiceMonitoring.MainStream.1.`;
const AUDIENCE = `${STB}Applications.AudienceStats.`;
const SM = `${STB}ServiceMonitoring.`;
const IP = `${STB}Components.FrontEnd.1.IP.`;
const IGMP = `${IP}IGMP.`;
const CATEGORIES = [
  "DejitteringStats",
  "RTPStats",
  "MPEG2TSStats",
  "VideoDecoderStats",
  "AudioDecoderStats",
  "VideoResponseStats",
];

/** One interval's counters under their TR-135 names ("RTPStats.PacketsLost"). */
export function tr135Deltas(c: StreamCounters): Record<string, number> {
  const f = c.videoFrames;
  return {
    "RTPStats.PacketsExpected": c.rtpExpected,
    "RTPStats.PacketsReceived": c.rtpExpected - c.rtpLost,
    "RTPStats.PacketsReceivedBeforeEC": c.rtpExpected - c.rtpLostBeforeEc,
    "RTPStats.PacketsLost": c.rtpLost,
    "RTPStats.PacketsLostBeforeEC": c.rtpLostBeforeEc,
    "RTPStats.LossEvents": c.lossEvents,
    "RTPStats.LossEventsBeforeEC": c.lossEventsBeforeEc,
    "RTPStats.SevereLossLengthCount": c.severeLossEvents,
    "RTPStats.SevereLossLengthCountBeforeEC": c.severeLossEvents,
    "MPEG2TSStats.TSPacketsReceived": Math.max(0, c.tsPackets - 7 * c.rtpLost),
    "MPEG2TSStats.PacketDiscontinuityCounter": c.tsCcErrors,
    "MPEG2TSStats.PacketDiscontinuityCounterBeforeCA": c.tsCcErrorsBeforeCa,
    "MPEG2TSStats.TSSyncLossCount": 0,
    "MPEG2TSStats.TSSyncByteErrorCount": c.tsSyncErrors,
    "VideoDecoderStats.DecodedFrames": Math.max(0, f - c.videoLost),
    "VideoDecoderStats.LostFrames": c.videoLost,
    "VideoDecoderStats.ConcealedFrames": c.videoConcealed,
    "VideoDecoderStats.IDecodedFrames": Math.round(f / 50),
    "VideoDecoderStats.ILostFrames": c.videoILost,
    "VideoDecoderStats.PDecodedFrames": Math.round(f * 0.32),
    "VideoDecoderStats.BDecodedFrames": Math.max(
      0,
      f - c.videoLost - Math.round(f / 50) - Math.round(f * 0.32),
    ),
    "VideoDecoderStats.AVResynchCounter": c.avResyncs,
    "AudioDecoderStats.DecodedFrames": c.audioFrames,
    "AudioDecoderStats.DecodingErrors": c.audioErrors,
    "DejitteringStats.EmptyBufferTime": c.emptyBufferMs,
    "DejitteringStats.Overruns": c.overruns,
    "DejitteringStats.Underruns": c.underruns,
    "VideoResponseStats.ChannelChangeFailures": c.zapFailures,
    "VideoResponseStats.RequestedTransactions": c.zaps,
    "VideoResponseStats.AccessSuccesses": c.zaps - c.zapFailures,
  };
}

const wrapAdd = (cur: string, by: number): string =>
  String((Number(cur) + Math.max(0, Math.round(by))) % UINT32_RANGE);

/** Add an interval to the Total. counters; `wall` seconds advance ResetTime, `secs` (viewing) the rest. */
export function addToTotals(t: ParamTree, c: StreamCounters, secs: number, wall: number): void {
  const total = `${MAIN_STREAM}Total.`;
  if (secs > 0) {
    for (const [name, v] of Object.entries(tr135Deltas(c))) {
      const p = t.params.get(total + name);
      if (p) p.value = wrapAdd(p.value, v);
    }
    for (const cat of CATEGORIES) {
      const p = t.params.get(`${total}${cat}.TotalSeconds`);
      if (p) p.value = wrapAdd(p.value, secs);
    }
    const top = t.params.get(`${total}TotalSeconds`);
    if (top) top.value = wrapAdd(top.value, secs);
    const fr = t.params.get(`${total}VideoDecoderStats.FrameRate`);
    if (fr) fr.value = "25";
    if (c.zapMs.length > 0) {
      const vr = `${total}VideoResponseStats.`;
      const min = t.params.get(`${vr}MinimumVideoSystemResponse`);
      const max = t.params.get(`${vr}MaximumVideoSystemResponse`);
      const lo = Math.min(...c.zapMs);
      const hi = Math.max(...c.zapMs);
      if (min) min.value = String(Number(min.value) === 0 ? lo : Math.min(Number(min.value), lo));
      if (max) max.value = String(Math.max(Number(max.value), hi));
    }
  }
  const rt = t.params.get(`${total}ResetTime`);
  if (rt) rt.value = wrapAdd(rt.value, wall);
}

/** The value of one Sample. list entry for an interval. */
function sampleItem(
  name: string,
  values: Record<string, number>,
  c: StreamCounters,
  secs: number,
): string | number | undefined {
  const leaf = name.slice(name.lastIndexOf(".") + 1);
  if (leaf === "SampleSeconds") return name.startsWith("TCPStats.") ? 0 : secs;
  if (name === "SignificantChanges") return c.zaps;
  if (name === "VideoDecoderStats.FrameRate") return secs > 0 ? 25 : 0;
  if (name.startsWith("VideoResponseStats.")) {
    const z = c.zapMs;
    if (leaf === "VideoSystemResponse") return z.join(":");
    if (leaf === "AverageVideoSystemResponse")
      return z.length ? Math.round(z.reduce((a, b) => a + b, 0) / z.length) : 0;
    if (leaf === "MinimumVideoSystemResponse") return z.length ? Math.min(...z) : 0;
    if (leaf === "MaximumVideoSystemResponse") return z.length ? Math.max(...z) : 0;
  }
  return values[name];
}

/** Append one closed interval to every Sample. list, keeping the newest `keep`. */
export function pushSample(t: ParamTree, c: StreamCounters, secs: number, keep: number): void {
  const prefix = `${MAIN_STREAM}Sample.`;
  const values = tr135Deltas(c);
  // Items may be empty ("" = no measurement), so the held count comes from a numeric list.
  const held = heldSamples(t);
  for (const [path, p] of t.params) {
    if (!path.startsWith(prefix) || !p.facts.L || path.includes("HighLevelMetricStats")) continue;
    const v = sampleItem(path.slice(prefix.length), values, c, secs);
    const none = p.facts.t === "boolean" ? "false" : p.facts.t === "string" ? "" : "0";
    const item = v ?? none;
    const items = held === 0 ? [] : p.value.split(",");
    while (items.length < held) items.unshift(none);
    items.push(String(item));
    p.value = items.slice(-keep).join(",");
  }
}

/** Number of samples held (ReportStartTime..ReportEndTime). */
export function heldSamples(t: ParamTree): number {
  const v = t.get(`${MAIN_STREAM}Sample.SampleSeconds`) ?? "";
  return v === "" ? 0 : v.split(",").length;
}

export function setReportTimes(t: ParamTree, start: number, end: number): void {
  const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
  t.set(`${SM}ReportStartTime`, iso(start));
  t.set(`${SM}ReportEndTime`, iso(end));
}

/** Point the stream objects at the channel on screen, or show standby (null). */
export function followChannel(t: ParamTree, channel: ChannelInfo | null, joinMs: number | null): void {
  const av = `${STB}AVStreams.`;
  t.set(`${av}AVStream.1.Status`, channel ? "Enabled" : "Disabled");
  t.set(`${av}ActiveAVStreams`, channel ? 1 : 0);
  t.set(`${IP}ActiveInboundIPStreams`, channel ? 1 : 0);
  const group = `${IGMP}ClientGroup.`;
  if (!channel) {
    t.set(`${IP}Inbound.1.Status`, "Disabled");
    if (t.objects.has(`${group}1.`)) {
      t.deleteInstance(`${group}1.`);
      leave(t, t.get(`${IP}Inbound.1.DestinationAddress`) ?? "");
    }
    return;
  }
  t.set(`${IP}Inbound.1.Status`, "Enabled");
  t.set(`${av}AVStream.1.Name`, channel.name);
  const old = t.objects.has(`${group}1.`) ? (t.get(`${group}1.GroupAddress`) ?? "") : "";
  if (old === channel.multicastGroup) return;
  if (old) leave(t, old);
  if (!t.objects.has(`${group}1.`)) t.addInstance(group, 1);
  t.set(`${group}1.GroupAddress`, channel.multicastGroup);
  t.set(`${group}1.UpTime`, 0);
  t.set(`${IP}Inbound.1.Name`, channel.name);
  t.set(`${IP}Inbound.1.DestinationAddress`, channel.multicastGroup);
  t.set(`${IP}Inbound.1.URI`, channel.uri);
  join(t, channel.multicastGroup, joinMs);
}

function groupStats(t: ParamTree, address: string): string | null {
  const table = `${IGMP}ClientGroupStats.`;
  for (const n of present(t, table, 16))
    if (t.get(`${table}${n}.GroupAddress`) === address) return `${table}${n}.`;
  if (!address || present(t, table, 16).length >= 16) return null;
  const n = t.addInstance(table);
  t.set(`${table}${n}.GroupAddress`, address);
  return `${table}${n}.`;
}

function join(t: ParamTree, address: string, joinMs: number | null): void {
  const s = groupStats(t, address);
  if (!s) return;
  for (const period of ["Total.", "QuarterHour."]) {
    const n = t.params.get(`${s}${period}NumberOfJoins`);
    if (n) n.value = wrapAdd(n.value, 1);
    const d = t.params.get(`${s}${period}MaxJoinDelay`);
    if (d && joinMs !== null) d.value = String(Math.max(Number(d.value), joinMs));
  }
}

function leave(t: ParamTree, address: string): void {
  const s = address ? groupStats(t, address) : null;
  if (!s) return;
  for (const period of ["Total.", "QuarterHour."]) {
    const n = t.params.get(`${s}${period}NumberOfLeaves`);
    if (n) n.value = wrapAdd(n.value, 1);
  }
}

/** Age the IGMP statistics periods; a new quarter hour starts its counters afresh. */
export function ageIgmp(t: ParamTree, secs: number, newQuarter: boolean): void {
  const table = `${IGMP}ClientGroupStats.`;
  for (const n of present(t, table, 16)) {
    const s = `${table}${n}.`;
    for (const start of ["TotalStart", "CurrentDayStart", "QuarterHourStart"]) {
      const p = t.params.get(s + start);
      if (p) p.value = wrapAdd(p.value, secs);
    }
    if (!newQuarter) continue;
    const q = t.params.get(`${s}QuarterHourStart`);
    if (q) q.value = "0";
    for (const c of ["NumberOfJoins", "NumberOfLeaves", "MaxJoinDelay"]) {
      const p = t.params.get(`${s}QuarterHour.${c}`);
      if (p) p.value = "0";
    }
  }
  const up = t.params.get(`${IGMP}ClientGroup.1.UpTime`);
  if (up) up.value = wrapAdd(up.value, secs);
}

/** Instance numbers 1..max present (this module's tables are small and numbered from 1). */
function present(t: ParamTree, table: string, max: number): number[] {
  const out: number[] = [];
  for (let n = 1; n <= max; n++) if (t.objects.has(`${table}${n}.`)) out.push(n);
  return out;
}

/**
 * Audience statistics (TR-135 Applications.AudienceStats): viewing seconds per channel name, one
 * Channel entry per channel watched since the last reset (up to MaxAudienceStatsChannels), counted only
 * while Enable is true. ChannelNumberOfEntries follows the table.
 */
export function addAudience(t: ParamTree, channel: string, secs: number): void {
  if (t.get(`${AUDIENCE}Enable`) !== "true" || secs <= 0) return;
  const table = `${AUDIENCE}Channel.`;
  const held = present(t, table, MAX_AUDIENCE_CHANNELS);
  let n = held.find((i) => t.get(`${table}${i}.Name`) === channel);
  if (n === undefined) {
    if (held.length >= MAX_AUDIENCE_CHANNELS) return;
    n = t.addInstance(table);
    t.set(`${table}${n}.Name`, channel);
  }
  const d = t.params.get(`${table}${n}.Duration`);
  if (d) d.value = wrapAdd(d.value, secs);
}

/** As built: Capabilities.AudienceStats.MaxAudienceStatsChannels. */
export const MAX_AUDIENCE_CHANNELS = 64;

/** ResetTime counts the seconds of collection since the last reset: wall time while Enable is true. */
export function ageAudience(t: ParamTree, wallSecs: number): void {
  if (t.get(`${AUDIENCE}Enable`) !== "true" || wallSecs <= 0) return;
  const p = t.params.get(`${AUDIENCE}ResetTime`);
  if (p) p.value = wrapAdd(p.value, wallSecs);
}

/** A reset: every channel's duration goes (the table empties), ResetTime starts again from 0. */
export function resetAudience(t: ParamTree): void {
  const table = `${AUDIENCE}Channel.`;
  for (const n of t.instances(table)) t.deleteInstance(`${table}${n}.`);
  t.set(`${AUDIENCE}ResetTime`, 0);
}
