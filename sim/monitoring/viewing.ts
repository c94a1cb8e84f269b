// What a set-top box shows at any moment: on or in standby by daypart, and zapping between channels
// with realistic dwell times and channel-change times. A pure function of the device seed and the
// clock (each hour is drawn from its own seeded generator), so the live simulator, a backfill and a
// benchmark all see the same viewing for the same box and time.
import { createRng, type Rng } from "../prng";
import type { ChannelInfo } from "./world";

const HOUR = 3_600_000;
/** Probability a box is on during each hour of the local day (Paris, UTC+1): prime time peaks. */
const ON_BY_HOUR = [
  0.3, 0.12, 0.05, 0.03, 0.03, 0.03, 0.08, 0.22, 0.2, 0.12, 0.12, 0.15, 0.3, 0.3, 0.18, 0.18, 0.2, 0.25, 0.4,
  0.55, 0.75, 0.82, 0.7, 0.48,
];
/** A zap above this is a failure (MainStream.ChannelChangeFailureTimeout, seconds, as built). */
export const CHANNEL_CHANGE_TIMEOUT_MS = 5000;

export interface Zap {
  /** ms since the epoch */
  at: number;
  channel: string;
  /** VideoSystemResponse: join to first displayed I-frame */
  ms: number;
  failed: boolean;
}

export interface Segment {
  start: number;
  end: number;
  channel: string;
}

export interface HourPlan {
  on: boolean;
  segments: Segment[];
  zaps: Zap[];
}

export interface ViewingWindow {
  /** seconds the box was on (viewing) inside the window */
  onSecs: number;
  segments: Segment[];
  zaps: Zap[];
  /** channel at the window's end (the last one shown while on), null when it never was on */
  channel: string | null;
}

const hourRng = (seed: number, hour: number, label: string): Rng => createRng(`${seed}:${hour}:${label}`);

/** A heavy or light viewer: scales the daypart probabilities per box. */
const appetite = (seed: number): number => 0.6 + hourRng(seed, 0, "appetite").next() * 0.8;

export function isOnDuring(seed: number, hour: number): boolean {
  const local = (((hour + 1) % 24) + 24) % 24;
  return hourRng(seed, hour, "on").chance(Math.min(0.97, ON_BY_HOUR[local]! * appetite(seed)));
}

function pickChannel(rng: Rng, channels: readonly ChannelInfo[]): string {
  let x = rng.next();
  for (const c of channels) {
    x -= c.popularity;
    if (x < 0) return c.name;
  }
  return channels[channels.length - 1]!.name;
}

/** The channel a box is on at the end of an hour (and so at the start of the next one). */
const endChannel = (seed: number, hour: number, channels: readonly ChannelInfo[]): string =>
  pickChannel(hourRng(seed, hour, "end"), channels);

/** Channel-change time: ~0.6-2 s, a slow tail, and rare failures beyond the timeout. */
function zapTime(rng: Rng): { ms: number; failed: boolean } {
  if (rng.chance(0.004)) return { ms: rng.int(CHANNEL_CHANGE_TIMEOUT_MS + 1, 9000), failed: true };
  const ms = Math.round(Math.exp(Math.log(1000) + 0.3 * gauss(rng)));
  return { ms: Math.max(450, Math.min(CHANNEL_CHANGE_TIMEOUT_MS, ms)), failed: false };
}

export function gauss(rng: Rng): number {
  const u = Math.max(1e-12, rng.next());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** Dwell time (ms): surfing bursts of seconds, or watching for minutes. */
const dwell = (rng: Rng, surfing: boolean): number =>
  surfing ? rng.int(4, 40) * 1000 : Math.round(-Math.log(Math.max(1e-9, rng.next())) * 22 * 60_000) + 60_000;

// Consecutive windows of one box read the same hour several times (a 15-min grid, 10-s live steps).
const planCache = new Map<string, HourPlan>();

export function hourPlan(seed: number, hour: number, channels: readonly ChannelInfo[]): HourPlan {
  const key = `${seed}:${hour}:${channels.length}`;
  const hit = planCache.get(key);
  if (hit) return hit;
  const plan = drawHour(seed, hour, channels);
  if (planCache.size >= 20_000) planCache.clear();
  planCache.set(key, plan);
  return plan;
}

function drawHour(seed: number, hour: number, channels: readonly ChannelInfo[]): HourPlan {
  if (!isOnDuring(seed, hour)) return { on: false, segments: [], zaps: [] };
  const rng = hourRng(seed, hour, "zap");
  const start = hour * HOUR;
  const end = start + HOUR;
  const wasOn = isOnDuring(seed, hour - 1);
  // A box switched on mid-hour tunes in; one already on keeps the channel it had.
  let t = wasOn ? start : start + rng.int(0, 40) * 60_000;
  let channel = endChannel(seed, hour - 1, channels);
  const zaps: Zap[] = [];
  const segments: Segment[] = [];
  if (!wasOn) zaps.push({ at: t, channel, ...zapTime(rng) });
  let surf = 0;
  for (let i = 0; i < 200 && t < end; i++) {
    if (surf === 0 && rng.chance(0.25)) surf = rng.int(2, 6);
    const until = Math.min(end, t + dwell(rng, surf > 0));
    if (surf > 0) surf--;
    segments.push({ start: t, end: until, channel });
    t = until;
    if (t >= end) break;
    let next = pickChannel(rng, channels);
    if (next === channel)
      next = channels[(channels.findIndex((c) => c.name === channel) + 1) % channels.length]!.name;
    channel = next;
    zaps.push({ at: t, channel, ...zapTime(rng) });
  }
  // The hour ends on its drawn end channel so the next hour starts from it.
  const last = endChannel(seed, hour, channels);
  const tail = segments[segments.length - 1];
  if (tail && tail.channel !== last) {
    const at = Math.max(tail.start + 1000, end - rng.int(1, 10) * 1000);
    if (at < end) {
      tail.end = at;
      segments.push({ start: at, end, channel: last });
      zaps.push({ at, channel: last, ...zapTime(rng) });
    } else tail.channel = last;
  }
  return { on: true, segments, zaps };
}

export interface PowerOn {
  start: number;
  end: number;
}

/** Someone switched the box on at `at` (a power-up): it stays on for 30-90 minutes whatever the hour. */
export function powerOnAt(seed: number, at: number): PowerOn {
  return { start: at, end: at + (30 + Math.floor(hourRng(seed, 0, "power-on").next() * 60)) * 60_000 };
}

/** Viewing inside [from, from + secs*1000); `poweredOn` fills the standby inside that interval. */
export function viewingWindow(
  seed: number,
  from: number,
  secs: number,
  channels: readonly ChannelInfo[],
  poweredOn?: PowerOn,
): ViewingWindow {
  const to = from + secs * 1000;
  const out: ViewingWindow = { onSecs: 0, segments: [], zaps: [], channel: null };
  const first = Math.floor(from / HOUR);
  const last = Math.floor((to - 1) / HOUR);
  for (let h = first; h <= last && h - first < 24 * 400; h++) {
    const plan = hourPlan(seed, h, channels);
    if (!plan.on) continue;
    for (const s of plan.segments) {
      const a = Math.max(s.start, from);
      const b = Math.min(s.end, to);
      if (b > a) {
        out.segments.push({ start: a, end: b, channel: s.channel });
        out.channel = s.channel;
      }
    }
    for (const z of plan.zaps) if (z.at >= from && z.at < to) out.zaps.push(z);
  }
  if (poweredOn) fillPowerOn(out, seed, from, to, poweredOn, channels);
  out.onSecs = Math.round(out.segments.reduce((n, s) => n + (s.end - s.start), 0) / 1000);
  return out;
}

/** Standby inside a power-on interval becomes viewing of the channel last watched (tuned at power-on). */
function fillPowerOn(
  out: ViewingWindow,
  seed: number,
  from: number,
  to: number,
  on: PowerOn,
  channels: readonly ChannelInfo[],
): void {
  const a = Math.max(from, on.start);
  const b = Math.min(to, on.end);
  if (b <= a) return;
  const gaps: Array<[number, number]> = [];
  let cursor = a;
  for (const seg of out.segments) {
    if (seg.end <= cursor || seg.start >= b) continue;
    if (seg.start > cursor) gaps.push([cursor, seg.start]);
    cursor = Math.max(cursor, seg.end);
  }
  if (cursor < b) gaps.push([cursor, b]);
  for (const [start, end] of gaps) {
    const before = out.segments.filter((x) => x.end <= start).at(-1);
    const channel = before?.channel ?? endChannel(seed, Math.floor(start / HOUR) - 1, channels);
    out.segments.push({ start, end, channel });
    if (start === on.start) out.zaps.push({ at: start, channel, ...zapTime(hourRng(seed, start, "tune")) });
  }
  out.segments.sort((x, y) => x.start - y.start);
  out.zaps.sort((x, y) => x.at - y.at);
  out.channel = out.segments.at(-1)?.channel ?? null;
}

/** The channel shown at `at`, or null in standby. */
export function channelAt(seed: number, at: number, channels: readonly ChannelInfo[]): string | null {
  const plan = hourPlan(seed, Math.floor(at / HOUR), channels);
  return plan.segments.find((s) => at >= s.start && at < s.end)?.channel ?? null;
}
