// The statistics a device measures over a window, from its identity, the world and the scenario:
// per-interval TR-135 stream counters for set-top boxes and DSL line counters for gateways. Pure and
// deterministic, used by the live simulator (accumulated into Total./Sample. and the DSL counters) and
// by benchmarks (simulateIntervals). Effects stay consistent across layers (domain.md §1.2, §4.5).
import {
  emptyStreamCounters,
  MAX_ZAPS_PER_INTERVAL,
  type LineCounters,
  type StreamCounters,
} from "../../lib/monitoring/intervals";
import type { DeviceIdentity } from "../fleet-plan";
import { createRng, type Rng } from "../prng";
import { lineUpOf } from "./households";
import { impairmentsFor, type Effect } from "./impairments";
import type { Scenario } from "./scenario";
import {
  CHANNEL_CHANGE_TIMEOUT_MS,
  gauss,
  viewingWindow,
  type PowerOn,
  type Segment,
  type Zap,
} from "./viewing";
import type { World } from "./world";

export interface GenContext {
  identity: DeviceIdentity;
  world: World;
  scenario: Scenario;
  /** the version the device runs now when it differs from the plan (after a firmware upgrade) */
  softwareVersion?: string;
  /** when someone last switched the box on (it stays on for a while whatever the daypart) */
  poweredOn?: PowerOn;
  /** MainStream.ChannelChangeFailureTimeout in ms (default 5 s, as built): a slower zap is a failure */
  zapTimeoutMs?: number;
}

export interface StreamStats {
  /** seconds of viewing (the box was on) */
  secs: number;
  channel: string | null;
  counters: StreamCounters;
  zaps: Zap[];
  segments: Segment[];
}

export interface LineStats {
  secs: number;
  counters: LineCounters;
  /** the line retrained in the window (Status went Initializing, Showtime counters restarted) */
  resynced: boolean;
}

/** RTP packets per second of a ~6.5 Mbit/s HD service (7 x 188-byte TS packets each). */
const RTP_PPS = 620;
const TS_PER_RTP = 7;
const VIDEO_FPS = 25;
const AUDIO_FPS = 46.875;

export function poisson(rng: Rng, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss(rng)));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  for (; k < 200; k++) {
    p *= rng.next();
    if (p < l) break;
  }
  return k;
}

const windowRng = (ctx: GenContext, from: number, secs: number, label: string): Rng =>
  createRng(`${ctx.scenario.seed}:${ctx.identity.seed}:${from}:${secs}:${label}`);

interface Loss {
  lossEventsBeforeEc: number;
  lostBeforeEc: number;
  lossEvents: number;
  lost: number;
  severe: number;
}

/** IP loss over `secs`: events per hour before EC, each surviving EC with probability `survive`. */
function ipLoss(rng: Rng, secs: number, perHour: number, maxRun: number, survive: number): Loss {
  const out: Loss = { lossEventsBeforeEc: 0, lostBeforeEc: 0, lossEvents: 0, lost: 0, severe: 0 };
  const events = Math.min(10_000, poisson(rng, (secs * perHour) / 3600));
  for (let i = 0; i < events; i++) {
    const run = rng.int(1, maxRun);
    out.lossEventsBeforeEc++;
    out.lostBeforeEc += run;
    if (!rng.chance(survive)) continue;
    const left = Math.max(1, Math.round(run * (0.3 + rng.next() * 0.7)));
    out.lossEvents++;
    out.lost += left;
    if (left > 20) out.severe++;
  }
  return out;
}

function addLoss(c: StreamCounters, rng: Rng, loss: Loss, severity: number): void {
  c.rtpLostBeforeEc += loss.lostBeforeEc;
  c.lossEventsBeforeEc += loss.lossEventsBeforeEc;
  c.rtpLost += loss.lost;
  c.lossEvents += loss.lossEvents;
  c.severeLossEvents += loss.severe;
  if (loss.lost === 0) return;
  // A lost RTP packet takes 7 TS packets with it: about one continuity break per PID it hit.
  const cc = Math.round(loss.lost * (1 + rng.next() * 0.4));
  c.tsCcErrors += cc;
  c.tsCcErrorsBeforeCa += cc;
  c.videoConcealed += Math.round(loss.lost * (0.3 + rng.next() * 0.5));
  c.videoLost += Math.round(loss.lost * (0.02 + rng.next() * 0.08));
  for (let i = 0; i < loss.lossEvents; i++) if (rng.chance(0.1)) c.videoILost++;
  c.audioErrors += Math.round(loss.lost * 0.2 * rng.next());
  for (let i = 0; i < loss.lossEvents; i++) {
    if (rng.chance(0.2 * severity)) {
      c.underruns++;
      c.emptyBufferMs += rng.int(100, 2000);
    }
  }
}

/** Continuity errors injected upstream of the network (headend, insertion point): IP stays clean. */
function addSourceErrors(c: StreamCounters, rng: Rng, secs: number, severity: number): void {
  const bursts = Math.min(10_000, poisson(rng, (secs * (20 + 200 * severity)) / 3600));
  for (let i = 0; i < bursts; i++) {
    const cc = rng.int(1, 3 + Math.round(10 * severity));
    c.tsCcErrors += cc;
    c.tsCcErrorsBeforeCa += cc;
    c.videoConcealed += Math.round(cc * (0.2 + rng.next() * 0.4));
    c.videoLost += rng.chance(0.3) ? 1 : 0;
    if (rng.chance(0.05 * severity)) c.videoILost++;
    c.audioErrors += rng.chance(0.2) ? rng.int(1, 3) : 0;
  }
}

/** A decoder fault of one model/firmware: frame losses and resyncs with clean IP and TS. */
function addDecoderErrors(c: StreamCounters, rng: Rng, secs: number, severity: number): void {
  const events = Math.min(10_000, poisson(rng, (secs * (10 + 120 * severity)) / 3600));
  for (let i = 0; i < events; i++) {
    c.videoLost += rng.int(1, 5);
    c.videoConcealed += rng.int(2, 20);
    if (rng.chance(0.3)) c.videoILost++;
    if (rng.chance(0.3)) c.avResyncs++;
    if (rng.chance(0.2)) c.audioErrors += rng.int(1, 10);
  }
}

function addBackground(c: StreamCounters, rng: Rng, secs: number): void {
  // Rare and isolated: most intervals of a healthy box are clean (FEC repairs almost all loss).
  addLoss(c, rng, ipLoss(rng, secs, 0.4, 30, 0.03), 0.1);
  const cc = poisson(rng, (secs * 0.02) / 3600);
  c.tsCcErrors += cc;
  c.tsCcErrorsBeforeCa += cc;
  c.videoConcealed += poisson(rng, (secs * 0.02) / 3600) * rng.int(1, 5);
  c.audioErrors += poisson(rng, (secs * 0.02) / 3600);
  const underruns = poisson(rng, (secs * 0.01) / 3600);
  c.underruns += underruns;
  c.emptyBufferMs += underruns * rng.int(200, 1500);
  c.overruns += poisson(rng, (secs * 0.005) / 3600);
}

function segmentCounters(rng: Rng, seg: Segment, effects: Effect[], c: StreamCounters): void {
  const secs = (seg.end - seg.start) / 1000;
  const rtp = Math.round(secs * (RTP_PPS + rng.int(-10, 10)));
  c.rtpExpected += rtp;
  c.tsPackets += rtp * TS_PER_RTP;
  c.videoFrames += Math.round(secs * VIDEO_FPS);
  c.audioFrames += Math.round(secs * AUDIO_FPS);
  addBackground(c, rng, secs);
  for (const e of effects) {
    const overlap = (Math.min(seg.end, e.endMs) - Math.max(seg.start, e.startMs)) / 1000;
    if (overlap <= 0 || !e.reaches(seg.channel)) continue;
    const s = e.severity;
    if (e.layer === "source") addSourceErrors(c, rng, overlap, s);
    else if (e.layer === "decoder") addDecoderErrors(c, rng, overlap, s);
    else {
      const scale = e.layer === "home" ? 0.8 : 1;
      addLoss(
        c,
        rng,
        ipLoss(rng, overlap, (10 + 110 * s) * scale, 10 + Math.round(60 * s), 0.15 + 0.5 * s),
        s,
      );
    }
  }
}

/** Stream statistics of an STB over [from, from + secs): from in ms since the epoch. */
export function streamStats(ctx: GenContext, from: number, secs: number): StreamStats {
  // The household's own line-up: its segment and taste tilt which channels it watches.
  const channels = lineUpOf(ctx.world.channels, ctx.identity);
  const view = viewingWindow(ctx.identity.seed, from, secs, channels, ctx.poweredOn);
  const c = emptyStreamCounters();
  const out: StreamStats = {
    secs: view.onSecs,
    channel: view.channel,
    counters: c,
    zaps: view.zaps,
    segments: view.segments,
  };
  if (view.onSecs === 0 && view.zaps.length === 0) return out;
  const rng = windowRng(ctx, from, secs, "stream");
  const effects = impairmentsFor(ctx, from, from + secs * 1000);
  for (const seg of view.segments) segmentCounters(rng, seg, effects, c);
  let join = 0;
  for (const z of view.zaps) {
    // Loss on the access line slows joins and the first I-frame; source errors do not.
    const slow = effects.some(
      (e) => (e.layer === "network" || e.layer === "home") && z.at >= e.startMs && z.at < e.endMs,
    )
      ? 1.3 + rng.next() * 0.7
      : 1;
    const ms = Math.round(z.ms * slow);
    const failed = ms > (ctx.zapTimeoutMs ?? CHANNEL_CHANGE_TIMEOUT_MS);
    c.zaps++;
    if (failed) c.zapFailures++;
    if (c.zapMs.length < MAX_ZAPS_PER_INTERVAL) c.zapMs.push(ms);
    join = Math.max(join, Math.round((20 + rng.next() * 130) * slow));
  }
  c.igmpJoinMs = view.zaps.length > 0 ? join : null;
  return out;
}

export interface LineProfile {
  vdsl: boolean;
  dsRate: number;
  usRate: number;
  dsMargin: number;
  usMargin: number;
  dsAttenuation: number;
  usAttenuation: number;
  /** FEC corrections per second (harmless background) */
  fecPerSec: number;
  /** WAN bytes per second (both ways, averaged over a day) */
  rxPerSec: number;
  txPerSec: number;
}

/** The line a gateway is on (its rates, margins, attenuation) from its seed. */
export function lineProfile(identity: DeviceIdentity): LineProfile {
  const rng = createRng(`${identity.seed}:line`);
  const vdsl = rng.chance(0.6);
  return {
    vdsl,
    dsRate: vdsl ? rng.int(30000, 100000) : rng.int(6000, 20000),
    usRate: vdsl ? rng.int(5000, 40000) : rng.int(600, 1100),
    dsMargin: rng.int(50, 120),
    usMargin: rng.int(60, 140),
    dsAttenuation: rng.int(80, 420),
    usAttenuation: rng.int(40, 250),
    fecPerSec: rng.next() * 3,
    rxPerSec: rng.int(20000, 400000),
    txPerSec: rng.int(2000, 40000),
  };
}

/** DSL line statistics of a gateway over [from, from + secs). */
export function lineStats(ctx: GenContext, from: number, secs: number): LineStats {
  const p = lineProfile(ctx.identity);
  const rng = windowRng(ctx, from, secs, "line");
  const effects = impairmentsFor(ctx, from, from + secs * 1000).filter(
    (e) => e.layer === "network" || e.layer === "home",
  );
  let crcEvents = poisson(rng, (secs * 0.1) / 3600);
  let ses = 0;
  let resyncs = poisson(rng, (secs * 0.3) / 86400);
  let marginDrop = 0;
  for (const e of effects) {
    const overlap = (Math.min(from + secs * 1000, e.endMs) - Math.max(from, e.startMs)) / 1000;
    if (overlap <= 0) continue;
    const s = e.severity * (e.layer === "home" ? 0.5 : 1);
    crcEvents += poisson(rng, (overlap * (60 + 600 * s)) / 3600);
    ses += poisson(rng, (overlap * 30 * s) / 3600);
    resyncs += poisson(rng, (overlap * 0.4 * s) / 3600);
    marginDrop = Math.max(marginDrop, Math.round(30 + 50 * s));
  }
  let crc = 0;
  for (let i = 0; i < Math.min(crcEvents, 100_000); i++) crc += rng.int(1, 20);
  resyncs = Math.min(resyncs, Math.max(1, Math.floor(secs / 60)));
  const down = Math.min(secs, resyncs * rng.int(30, 60));
  const erroredSecs = Math.min(secs, crcEvents + ses);
  const jitter = rng.int(-2, 2);
  return {
    secs,
    resynced: resyncs > 0,
    counters: {
      showtimeSecs: secs - down,
      erroredSecs,
      severelyErroredSecs: Math.min(erroredSecs, ses),
      crcErrors: crc,
      fecErrors: poisson(rng, (secs - down) * p.fecPerSec),
      resyncs,
      bytesRx: Math.round((secs - down) * p.rxPerSec),
      bytesTx: Math.round((secs - down) * p.txPerSec),
      dsRate: Math.round(p.dsRate * (marginDrop > 0 ? 0.92 : 1)),
      usRate: p.usRate,
      dsMargin: Math.max(0, p.dsMargin - marginDrop + jitter),
      usMargin: Math.max(0, p.usMargin - Math.round(marginDrop / 2) + jitter),
      dsAttenuation: p.dsAttenuation,
    },
  };
}

export interface SimulatedInterval {
  serial: string;
  kind: "stb" | "dng";
  ts: Date;
  secs: number;
  channel: string | null;
  stream?: StreamCounters;
  line?: LineCounters;
}

export interface SimulateOptions {
  plan: readonly DeviceIdentity[];
  world: World;
  scenario: Scenario;
  /** ms since the epoch or a Date; aligned down to the interval grid */
  from: number | Date;
  to: number | Date;
  intervalSecs: number;
}

/**
 * Every device's intervals over [from, to), time-major (all devices of one interval, then the next):
 * gateways always yield a line interval, set-top boxes only intervals in which they were on.
 */
export function* simulateIntervals(opts: SimulateOptions): Generator<SimulatedInterval> {
  const step = Math.max(1, Math.floor(opts.intervalSecs)) * 1000;
  const from = Math.floor(Number(opts.from) / step) * step;
  const to = Number(opts.to);
  const ctxs = opts.plan.map((identity) => ({ identity, world: opts.world, scenario: opts.scenario }));
  for (let t = from; t + step <= to; t += step) {
    const ts = new Date(t);
    for (const ctx of ctxs) {
      const id = ctx.identity;
      if (id.kind === "dng") {
        const l = lineStats(ctx, t, step / 1000);
        yield { serial: id.serial, kind: "dng", ts, secs: l.secs, channel: null, line: l.counters };
      } else {
        const s = streamStats(ctx, t, step / 1000);
        if (s.secs <= 0) continue;
        yield { serial: id.serial, kind: "stb", ts, secs: s.secs, channel: s.channel, stream: s.counters };
      }
    }
  }
}
