// What a set-top box shows at any moment: on or in standby by daypart (weekends shaped apart), and
// zapping between channels with realistic dwell times and channel-change times. Channels are picked by
// their popularity in the line-up given (the household's own, tilted by its taste: households.ts) and by
// what their genre draws at that hour (cartoons in the morning, news at meal times, films at night). A
// pure function of the device seed, the line-up and the clock (each hour is drawn from its own seeded
// generator), so the live simulator, a backfill and a benchmark all see the same viewing for the same
// box and time.
import { createRng, type Rng } from "../prng";
import type { Genre } from "./households";
import type { ChannelInfo } from "./world";

const HOUR = 3_600_000;
/**
 * The simulated households' local time, in hours from UTC: Paris winter time (UTC+1) unless a fleet
 * says otherwise. Process-wide (one simulated network per process). A fleet may move it so that "now"
 * falls in a chosen daypart: a test that needs viewers gets prime time whatever hour it runs at.
 */
let localOffsetHours = 1;

/** Moves the simulated local time (whole hours, -12..14); returns the function that restores it. */
export function setLocalUtcOffset(hours: number): () => void {
  if (!Number.isInteger(hours) || hours < -12 || hours > 14)
    throw new Error("the local UTC offset is a whole number of hours from -12 to 14");
  const previous = localOffsetHours;
  localOffsetHours = hours;
  planCache.clear();
  return () => {
    localOffsetHours = previous;
    planCache.clear();
  };
}

/** The UTC offset that makes `at` fall in the given local hour (0-23), e.g. 21 for prime time. */
export function utcOffsetPutting(at: number, hour: number): number {
  const offset = (((hour - new Date(at).getUTCHours()) % 24) + 24) % 24;
  return offset > 14 ? offset - 24 : offset;
}
/** Probability a box is on during each hour of the local day: prime time peaks. */
const ON_BY_HOUR = [
  0.3, 0.12, 0.05, 0.03, 0.03, 0.03, 0.08, 0.22, 0.2, 0.12, 0.12, 0.15, 0.3, 0.3, 0.18, 0.18, 0.2, 0.25, 0.4,
  0.55, 0.75, 0.82, 0.7, 0.48,
];
/** Saturdays and Sundays: a later start, children's mornings, afternoons at home, a later night. */
const ON_BY_HOUR_WEEKEND = [
  0.38, 0.2, 0.08, 0.04, 0.03, 0.03, 0.04, 0.12, 0.26, 0.3, 0.26, 0.22, 0.3, 0.32, 0.28, 0.3, 0.32, 0.34,
  0.42, 0.55, 0.72, 0.8, 0.74, 0.56,
];

/** Hour of the local day (0-23) and whether that local day is a Saturday or Sunday. */
export function localHour(hour: number): { hour: number; weekend: boolean } {
  const local = hour + localOffsetHours;
  const day = Math.floor(local / 24);
  const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (0 = Sunday)
  return { hour: ((local % 24) + 24) % 24, weekend: weekday === 0 || weekday === 6 };
}

/** What a genre draws at a local hour, relative to its all-day popularity. */
function daypartPull(genre: Genre, h: number, weekend: boolean): number {
  switch (genre) {
    case "kids":
      if (h >= 21 || h < 6) return 0.15;
      if (weekend && h >= 7 && h < 12) return 2.6;
      return (h >= 7 && h < 9) || (h >= 16 && h < 19) ? 2 : 1;
    case "news":
      if ((h >= 6 && h < 9) || (h >= 18 && h < 20)) return 1.8;
      return h >= 12 && h < 14 ? 1.5 : 0.85;
    case "movies":
      if (h >= 21 || h < 2) return 1.6;
      return h >= 6 && h < 18 ? 0.6 : 1;
    case "sport":
      if (weekend && h >= 13 && h < 19) return 2;
      return h >= 20 && h < 23 ? 1.3 : 0.8;
    case "culture":
      return h >= 19 && h < 23 ? 1.25 : 0.9;
    default:
      return (h >= 19 && h < 22) || (h >= 12 && h < 14) ? 1.2 : 1;
  }
}
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
  const local = localHour(hour);
  const shape = local.weekend ? ON_BY_HOUR_WEEKEND : ON_BY_HOUR;
  return hourRng(seed, hour, "on").chance(Math.min(0.97, shape[local.hour]! * appetite(seed)));
}

/** A channel drawn by popularity × what its genre pulls at that hour (no allocation: called per zap). */
function pickChannel(rng: Rng, channels: readonly ChannelInfo[], hour: number): string {
  const local = localHour(hour);
  const weight = (c: ChannelInfo) => c.popularity * daypartPull(c.genre, local.hour, local.weekend);
  let total = 0;
  for (const c of channels) total += weight(c);
  let x = rng.next() * total;
  for (const c of channels) {
    x -= weight(c);
    if (x < 0) return c.name;
  }
  return channels[channels.length - 1]!.name;
}

/** The channel a box is on at the end of an hour (and so at the start of the next one). */
const endChannel = (seed: number, hour: number, channels: readonly ChannelInfo[]): string =>
  pickChannel(hourRng(seed, hour, "end"), channels, hour);

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
// A line-up's identity for that cache: a small number per distinct content (names, popularities,
// genres), so two arrays with the same line-up share plans and the key stays short.
const lineUpIds = new WeakMap<readonly ChannelInfo[], number>();
const idsByContent = new Map<string, number>();
let nextLineUpId = 1;

function lineUpId(channels: readonly ChannelInfo[]): number {
  let id = lineUpIds.get(channels);
  if (id === undefined) {
    const content = channels.map((c) => `${c.name}=${c.popularity}/${c.genre}`).join(";");
    id = idsByContent.get(content);
    if (id === undefined) {
      if (idsByContent.size >= 200_000) idsByContent.clear(); // bounded; ids stay unique (never reused)
      id = nextLineUpId++;
      idsByContent.set(content, id);
    }
    lineUpIds.set(channels, id);
  }
  return id;
}

export function hourPlan(seed: number, hour: number, channels: readonly ChannelInfo[]): HourPlan {
  const key = `${seed}:${hour}:${lineUpId(channels)}`;
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
    let next = pickChannel(rng, channels, hour);
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
