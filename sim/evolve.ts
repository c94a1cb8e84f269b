// Values that move on their own: DSL counters, noise and resyncs on DNGs; on STBs the viewing (on,
// standby, zapping) and the TR-135 service monitoring samples, totals and audience statistics. The
// numbers come from the monitoring generator (sim/monitoring/generator.ts), so they are consistent
// across layers and with the scenario; deterministic per device seed.
import { emptyStreamCounters, MAX_ZAPS_PER_INTERVAL, type StreamCounters } from "../lib/monitoring/intervals";
import { DSL, DSL_COUNTERS, WAN_COMMON } from "./build-dng";
import { MAIN_STREAM, STB } from "./build-stb";
import type { SimDevice } from "./device";
import { lineStats, streamStats, type GenContext } from "./monitoring/generator";
import { EMPTY_SCENARIO } from "./monitoring/scenario";
import {
  addAudience,
  addToTotals,
  ageAudience,
  ageIgmp,
  followChannel,
  pushSample,
  setReportTimes,
  UINT32_RANGE,
} from "./monitoring/stb-counters";
import { powerOnAt } from "./monitoring/viewing";
import { channelByName, worldOf, type World } from "./monitoring/world";

/** What evolution needs of a device (a backfill runs it on a shadow copy). */
export type Evolvable = Pick<SimDevice, "identity" | "tree" | "rng" | "settings" | "poweredOnAt">;

interface EvolveState {
  last: number;
  sampleStart: number;
  samplesSinceFetch: number;
  dslDownUntil: number;
  /** the open sample interval's counters and viewing seconds */
  acc: StreamCounters;
  accSecs: number;
  /** start of each held sample, oldest first (ReportStartTime) */
  sampleStarts: number[];
}

const states = new WeakMap<Evolvable, EvolveState>();
const SM = `${STB}ServiceMonitoring.`;
const QUARTER = 900_000;
/** Longest step generated at once: a zap-level window stays cheap, long pauses are chunked. */
const MAX_STEP_SECS = 3600;

function stateOf(device: Evolvable, now: number): EvolveState {
  let s = states.get(device);
  if (!s) {
    s = {
      last: now,
      sampleStart: now,
      samplesSinceFetch: 0,
      dslDownUntil: 0,
      acc: emptyStreamCounters(),
      accSecs: 0,
      sampleStarts: [],
    };
    states.set(device, s);
  }
  return s;
}

const fallbackWorlds = new WeakMap<object, World>();

/** The generator context of a device: the fleet's world and scenario, or its household alone. */
export function genContext(device: Evolvable): GenContext {
  const m = device.settings.monitoring;
  let world = m?.world;
  if (!world) {
    const key = device.settings.household;
    world = fallbackWorlds.get(key) ?? worldOf(device.settings.household);
    fallbackWorlds.set(key, world);
  }
  const version = device.tree.get(
    `${device.identity.kind === "dng" ? "InternetGatewayDevice" : "Device"}.DeviceInfo.SoftwareVersion`,
  );
  return {
    identity: device.identity,
    world,
    scenario: m?.scenario ?? EMPTY_SCENARIO,
    softwareVersion: version,
    poweredOn:
      device.poweredOnAt !== undefined ? powerOnAt(device.identity.seed, device.poweredOnAt) : undefined,
    zapTimeoutMs: (Number(device.tree.get(`${MAIN_STREAM}ChannelChangeFailureTimeout`)) || 5) * 1000,
  };
}

function bump(device: Evolvable, path: string, by: number): void {
  const p = device.tree.params.get(path);
  if (!p) return;
  device.tree.set(path, (Number(p.value) + Math.max(0, Math.round(by))) % UINT32_RANGE);
}

function evolveDng(device: Evolvable, s: EvolveState, from: number, secs: number, now: number): void {
  const t = device.tree;
  if (s.dslDownUntil > 0 && now >= s.dslDownUntil) {
    s.dslDownUntil = 0;
    t.set(`${DSL}Status`, "Up");
    t.set(`${WAN_COMMON}PhysicalLinkStatus`, "Up");
    t.set(`${DSL}ShowtimeStart`, 0);
  }
  const l = lineStats(genContext(device), from, secs).counters;
  for (const period of ["Total", "Showtime"]) {
    const base = `${DSL}Stats.${period}.`;
    bump(device, `${base}FECErrors`, l.fecErrors);
    bump(device, `${base}CRCErrors`, l.crcErrors);
    bump(device, `${base}ErroredSecs`, l.erroredSecs);
    bump(device, `${base}SeverelyErroredSecs`, l.severelyErroredSecs);
    bump(device, `${base}ReceiveBlocks`, l.showtimeSecs * 4000);
    bump(device, `${base}TransmitBlocks`, l.showtimeSecs * 1000);
  }
  bump(device, `${DSL}TotalStart`, secs);
  bump(device, `${DSL}ShowtimeStart`, l.showtimeSecs);
  bump(device, `${WAN_COMMON}TotalBytesReceived`, l.bytesRx);
  bump(device, `${WAN_COMMON}TotalBytesSent`, l.bytesTx);
  if (l.dsMargin !== null) t.set(`${DSL}DownstreamNoiseMargin`, l.dsMargin);
  if (l.usMargin !== null) t.set(`${DSL}UpstreamNoiseMargin`, l.usMargin);
  if (l.dsRate !== null) t.set(`${DSL}DownstreamCurrRate`, l.dsRate);
  if (l.resyncs > 0) {
    // A retrain: a status change the ACS can subscribe to; Showtime counters start again.
    s.dslDownUntil = now + 30_000 * device.settings.timeScale;
    t.set(`${DSL}Status`, "Initializing");
    t.set(`${WAN_COMMON}PhysicalLinkStatus`, "Initializing");
    bump(device, `${DSL}Stats.Total.LinkRetrain`, l.resyncs);
    for (const c of DSL_COUNTERS) t.set(`${DSL}Stats.Showtime.${c}`, 0);
  }
}

function addCounters(into: StreamCounters, c: StreamCounters): void {
  const sum = into as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(c)) {
    if (typeof v === "number" && typeof sum[k] === "number") sum[k] += v;
  }
  for (const z of c.zapMs) if (into.zapMs.length < MAX_ZAPS_PER_INTERVAL) into.zapMs.push(z);
  if (c.igmpJoinMs !== null) into.igmpJoinMs = Math.max(into.igmpJoinMs ?? 0, c.igmpJoinMs);
}

/** One step of an STB's life over [from, from + secs): viewing, totals, the open sample. */
function stbStep(device: Evolvable, s: EvolveState, from: number, secs: number): void {
  const t = device.tree;
  const ctx = genContext(device);
  const st = streamStats(ctx, from, secs);
  addToTotals(t, st.counters, st.secs, secs);
  addCounters(s.acc, st.counters);
  s.accSecs += st.secs;
  // Whole seconds from the step's start, so the channels' durations never add up to more than the step.
  const at = (ms: number) => Math.round((ms - from) / 1000);
  for (const seg of st.segments) addAudience(t, seg.channel, at(seg.end) - at(seg.start));
  ageAudience(t, secs);
  const ended = Math.floor((from + secs * 1000) / QUARTER) > Math.floor(from / QUARTER);
  ageIgmp(t, secs, ended);
  const channel = st.channel && st.segments.at(-1)?.end === from + secs * 1000 ? st.channel : null;
  followChannel(t, channel ? (channelByName(ctx.world, channel) ?? null) : null, st.counters.igmpJoinMs);
}

function closeSample(device: Evolvable, s: EvolveState, end: number): void {
  const t = device.tree;
  const keep = Math.max(1, Number(t.get(`${SM}ReportSamples`) ?? 12));
  pushSample(t, s.acc, s.accSecs, keep);
  s.sampleStarts.push(s.sampleStart);
  s.sampleStarts = s.sampleStarts.slice(-keep);
  setReportTimes(t, s.sampleStarts[0]!, end);
  s.acc = emptyStreamCounters();
  s.accSecs = 0;
  s.sampleStart = end;
  const fetch = Number(t.get(`${SM}FetchSamples`) ?? 0);
  if (fetch > 0 && ++s.samplesSinceFetch >= fetch) {
    s.samplesSinceFetch = 0;
    t.set(`${SM}SampleState`, "Trigger"); // Enabled -> Trigger -> Enabled counts as one change
    t.params.get(`${SM}SampleState`)!.value = "Enabled";
  }
}

function evolveStb(device: Evolvable, s: EvolveState, from: number, to: number): void {
  const t = device.tree;
  const sampling = t.get(`${SM}SampleEnable`) === "true";
  const interval = Math.max(1, Number(t.get(`${SM}SampleInterval`) ?? 300)) * 1000;
  if (!sampling) {
    s.sampleStart = to;
    s.acc = emptyStreamCounters();
    s.accSecs = 0;
  }
  let at = from;
  // Steps end at sample boundaries so each sample holds exactly its interval; bounded catch-up.
  for (let i = 0; i < 10_000 && at < to; i++) {
    let end = Math.min(to, at + MAX_STEP_SECS * 1000);
    if (sampling) end = Math.min(end, s.sampleStart + interval);
    const secs = Math.floor((end - at) / 1000);
    if (secs <= 0) break;
    stbStep(device, s, at, secs);
    at += secs * 1000;
    if (sampling && at >= s.sampleStart + interval) closeSample(device, s, at);
  }
  if (sampling && at < to) s.sampleStart = Math.max(s.sampleStart, to - interval); // catch-up cut short
}

/** Discard stored samples (SampleEnable, SampleInterval or TimeReference written). */
export function clearSamples(device: Evolvable): void {
  const s = states.get(device);
  const t = device.tree;
  if (s) {
    s.sampleStart = firstSampleStart(t, s.last);
    s.samplesSinceFetch = 0;
    s.acc = emptyStreamCounters();
    s.accSecs = 0;
    s.sampleStarts = [];
  }
  for (const [path, p] of t.params) {
    if (path.startsWith(`${MAIN_STREAM}Sample.`) && p.facts.L) p.value = "";
  }
}

/** With a known TimeReference, intervals end at TimeReference + n*SampleInterval (TR-135). */
function firstSampleStart(t: SimDevice["tree"], now: number): number {
  const ref = Date.parse(t.get(`${SM}TimeReference`) ?? "");
  const interval = Math.max(1, Number(t.get(`${SM}SampleInterval`) ?? 300)) * 1000;
  if (!Number.isFinite(ref) || ref < Date.parse("1900-01-01T00:00:00Z")) return now;
  return ref + Math.floor((now - ref) / interval) * interval;
}

/** Advance the device's own values to `now`. */
export function evolveDevice(device: Evolvable, now = Date.now()): void {
  const s = stateOf(device, now);
  const secs = Math.floor((now - s.last) / 1000);
  if (secs <= 0) return;
  const from = s.last;
  s.last += secs * 1000;
  if (device.identity.kind === "dng") {
    // Long pauses in bounded steps, so a day's noise is not drawn as one window.
    for (let at = from, i = 0; at < s.last && i < 10_000; i++) {
      const step = Math.min(MAX_STEP_SECS, (s.last - at) / 1000);
      evolveDng(device, s, at, step, at + step * 1000);
      at += step * 1000;
    }
  } else evolveStb(device, s, from, s.last);
}

/** Start a device's evolution clock at `at` (a backfill starts it in the past). */
export function startEvolutionAt(device: Evolvable, at: number): void {
  stateOf(device, at);
}

/** A device continues from a shadow's evolution (a backfill evolved the shadow up to now). */
export function adoptEvolution(device: Evolvable, shadow: Evolvable): void {
  const s = states.get(shadow);
  if (s) states.set(device, s);
}
