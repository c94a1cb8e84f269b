// Values that move on their own: DSL counters and occasional resyncs on DNGs; TR-135 service
// monitoring samples, totals and audience statistics on STBs. Deterministic per device seed.
import { DSL, DSL_COUNTERS, WAN_COMMON } from "./build-dng";
import { AUDIENCE, CHANNELS, MAIN_STREAM, STB } from "./build-stb";
import type { SimDevice } from "./device";

interface EvolveState {
  last: number;
  sampleStart: number;
  samplesSinceFetch: number;
  dslDownUntil: number;
}

const states = new WeakMap<SimDevice, EvolveState>();
const SM = `${STB}ServiceMonitoring.`;
const MAX_UINT = 4294967295;

function stateOf(device: SimDevice, now: number): EvolveState {
  let s = states.get(device);
  if (!s) {
    s = { last: now, sampleStart: now, samplesSinceFetch: 0, dslDownUntil: 0 };
    states.set(device, s);
  }
  return s;
}

function bump(device: SimDevice, path: string, by: number): void {
  const cur = Number(device.tree.get(path) ?? 0);
  device.tree.set(path, (cur + Math.max(0, Math.round(by))) % MAX_UINT);
}

function evolveDng(device: SimDevice, s: EvolveState, now: number, secs: number): void {
  const rng = device.rng;
  const t = device.tree;
  if (s.dslDownUntil > 0 && now >= s.dslDownUntil) {
    s.dslDownUntil = 0;
    t.set(`${DSL}Status`, "Up");
    t.set(`${WAN_COMMON}PhysicalLinkStatus`, "Up");
    t.set(`${DSL}ShowtimeStart`, 0);
    const rate = Number(t.get(`${DSL}DownstreamCurrRate`) ?? 0);
    t.set(`${DSL}DownstreamCurrRate`, Math.max(1000, Math.round(rate * (0.95 + rng.next() * 0.1))));
  }
  if (t.get(`${DSL}Status`) !== "Up") return;
  for (const period of ["Total", "Showtime"]) {
    const base = `${DSL}Stats.${period}.`;
    bump(device, `${base}FECErrors`, rng.next() * secs * 3);
    bump(device, `${base}CRCErrors`, rng.chance(0.2) ? rng.next() * secs * 0.2 : 0);
    bump(device, `${base}ErroredSecs`, rng.chance(0.1) ? 1 : 0);
    bump(device, `${base}ReceiveBlocks`, secs * 4000);
    bump(device, `${base}TransmitBlocks`, secs * 1000);
  }
  bump(device, `${DSL}TotalStart`, secs);
  bump(device, `${DSL}ShowtimeStart`, secs);
  bump(device, `${WAN_COMMON}TotalBytesReceived`, secs * rng.int(20000, 400000));
  bump(device, `${WAN_COMMON}TotalBytesSent`, secs * rng.int(2000, 40000));
  const margin = Number(t.get(`${DSL}DownstreamNoiseMargin`) ?? 60);
  t.set(`${DSL}DownstreamNoiseMargin`, Math.min(200, Math.max(10, margin + rng.int(-2, 2))));
  // A resync roughly once a day per line: a status change the ACS can subscribe to.
  if (rng.chance(Math.min(1, secs / 86400))) {
    s.dslDownUntil = now + 30_000 * device.settings.timeScale;
    t.set(`${DSL}Status`, "Initializing");
    t.set(`${WAN_COMMON}PhysicalLinkStatus`, "Initializing");
    bump(device, `${DSL}Stats.Total.LinkRetrain`, 1);
    for (const c of DSL_COUNTERS) t.set(`${DSL}Stats.Showtime.${c}`, 0);
  }
}

/** Per-sample values of the main TR-135 statistics (others stay 0). */
function sampleValues(device: SimDevice, secs: number): Record<string, number | string> {
  const rng = device.rng;
  const pkts = secs * rng.int(560, 640); // ~6.5 Mbit/s of 7x188-byte RTP packets
  const lostBeforeEc = rng.chance(0.3) ? rng.int(1, 40) : 0;
  const lost = Math.floor(lostBeforeEc * rng.next() * 0.3);
  const zaps = rng.int(0, 4);
  return {
    SampleSeconds: secs,
    PacketsExpected: pkts,
    PacketsReceived: pkts - lost,
    PacketsReceivedBeforeEC: pkts - lostBeforeEc,
    PacketsLost: lost,
    PacketsLostBeforeEC: lostBeforeEc,
    LossEvents: lost > 0 ? rng.int(1, 3) : 0,
    LossEventsBeforeEC: lostBeforeEc > 0 ? rng.int(1, 5) : 0,
    TSPacketsReceived: pkts * 7,
    PacketDiscontinuityCounter: lost > 0 ? rng.int(0, lost) : 0,
    FrameRate: 25,
    DecodedFrames: secs * 25,
    LostFrames: lost > 0 ? rng.int(0, 3) : 0,
    Overruns: rng.chance(0.05) ? 1 : 0,
    Underruns: rng.chance(0.08) ? 1 : 0,
    EmptyBufferTime: rng.chance(0.08) ? rng.int(20, 400) : 0,
    ChannelChangeFailures: rng.chance(0.05) ? 1 : 0,
    RequestedTransactions: zaps,
    AccessSuccesses: zaps,
    VideoSystemResponse: Array.from({ length: zaps }, () => rng.int(600, 2200)).join(":"),
  };
}

function closeSample(device: SimDevice, secs: number): void {
  const t = device.tree;
  const keep = Math.max(1, Number(t.get(`${SM}ReportSamples`) ?? 12));
  const values = sampleValues(device, secs);
  const prefix = `${MAIN_STREAM}Sample.`;
  for (const [path, p] of t.params) {
    if (!path.startsWith(prefix) || !p.facts.L || path.includes("HighLevelMetricStats")) continue;
    const name = path.slice(path.lastIndexOf(".") + 1);
    const v = values[name] ?? (p.facts.t === "string" ? "" : 0);
    const items = p.value === "" ? [] : p.value.split(",");
    items.push(String(v));
    p.value = items.slice(-keep).join(",");
    // Accumulate into Total.<same category>.<same name> when that is a plain counter.
    const total = path.replace(".Sample.", ".Total.");
    const tp = t.params.get(total);
    if (tp && !tp.facts.L && tp.facts.t === "unsignedInt" && typeof v === "number" && name !== "FrameRate") {
      tp.value = String((Number(tp.value) + v) % MAX_UINT);
    }
  }
  for (const [path, p] of t.params) {
    if (path.startsWith(`${MAIN_STREAM}Total.`) && path.endsWith("TotalSeconds"))
      p.value = String(Number(p.value) + secs);
  }
  bump(device, `${MAIN_STREAM}Total.ResetTime`, secs);
}

function evolveStb(device: SimDevice, s: EvolveState, now: number, secs: number): void {
  const t = device.tree;
  const rng = device.rng;
  if (t.get(`${SM}SampleEnable`) === "true") {
    const interval = Math.max(1, Number(t.get(`${SM}SampleInterval`) ?? 300));
    // Bounded catch-up: at most ReportSamples intervals are worth generating after a long pause.
    for (let i = 0; i < 100 && now - s.sampleStart >= interval * 1000; i++) {
      s.sampleStart += interval * 1000;
      closeSample(device, interval);
      const fetch = Number(t.get(`${SM}FetchSamples`) ?? 0);
      if (fetch > 0 && ++s.samplesSinceFetch >= fetch) {
        s.samplesSinceFetch = 0;
        t.set(`${SM}SampleState`, "Trigger"); // Enabled -> Trigger -> Enabled counts as one change
        t.params.get(`${SM}SampleState`)!.value = "Enabled";
      }
    }
  } else s.sampleStart = now;
  // Audience: the main screen's channel accumulates viewing time; now and then the viewer zaps.
  const streamName = `${STB}AVStreams.AVStream.1.Name`;
  if (rng.chance(Math.min(1, secs / 1800))) t.set(streamName, rng.pick(CHANNELS));
  if (t.get(`${AUDIENCE}Enable`) === "true") {
    const channel = t.get(streamName) ?? "";
    const table = `${AUDIENCE}Channel.`;
    let n = t.instances(table).find((i) => t.get(`${table}${i}.Name`) === channel);
    if (n === undefined) {
      n = t.addInstance(table);
      t.set(`${table}${n}.Name`, channel);
    }
    bump(device, `${table}${n}.Duration`, secs);
    bump(device, `${AUDIENCE}ResetTime`, secs);
  }
}

/** Discard stored samples (SampleEnable, SampleInterval or TimeReference written). */
export function clearSamples(device: SimDevice): void {
  const s = states.get(device);
  if (s) {
    s.sampleStart = Date.now();
    s.samplesSinceFetch = 0;
  }
  for (const [path, p] of device.tree.params) {
    if (path.startsWith(`${MAIN_STREAM}Sample.`) && p.facts.L) p.value = "";
  }
}

/** Advance the device's own values to `now`. */
export function evolveDevice(device: SimDevice, now = Date.now()): void {
  const s = stateOf(device, now);
  const secs = Math.floor((now - s.last) / 1000);
  if (secs <= 0) return;
  s.last += secs * 1000;
  if (device.identity.kind === "dng") evolveDng(device, s, now, secs);
  else evolveStb(device, s, now, secs);
}
