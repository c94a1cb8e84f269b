// TR-135 AudienceStats (STBService.{i}.Applications.AudienceStats: seconds watched per channel name
// since the last reset) -> seconds watched per channel between two readings. Pure. The counters are the
// device's word, so every figure is checked: a value that is not an unsignedInt is skipped, a counter
// that went back (a reset) counts from 0, and no channel, nor all channels together, gets more seconds
// than the wall time between the readings (a box has one main screen).
import { parseCount } from "../../monitoring/collect/values";

const AUDIENCE =
  /^((?:Device|InternetGatewayDevice)\.Services\.STBService\.\d{1,5}\.)Applications\.AudienceStats\.(.+)$/;
const CHANNEL = /^Channel\.(\d{1,10})\.(Name|Duration)$/;
const UINT_MAX = 4_294_967_295;
/** Per service: more channel rows than this are ignored (TR-135 boxes hold a few dozen). */
export const MAX_CHANNELS = 256;
/** Per reading: more STBService instances than this are ignored. */
export const MAX_SERVICES = 8;
const MAX_NAME = 256;

export interface AudienceObservation {
  /** "Device.Services.STBService.1." */
  service: string;
  /** ms, the reading's (skew-corrected) time */
  at: number;
  /** false when Enable says so (or is garbage: when in doubt, measure nothing) */
  enabled: boolean;
  /** seconds since the statistics were last reset; null when absent or garbage */
  resetTime: number | null;
  /** Duration per channel name (valid rows only; rows of one name added up) */
  durations: Map<string, number>;
  /** rows skipped: no name, or a Duration that is not an unsignedInt */
  badRows: number;
}

const uint = (v: string | undefined): number | null => {
  const n = parseCount(v);
  return n !== null && n <= UINT_MAX ? n : null;
};

/** The AudienceStats of each STB service in one reading's values (none when the reading has none). */
export function observeAudience(values: ReadonlyMap<string, string>, at: number): AudienceObservation[] {
  const services = new Map<
    string,
    { fields: Map<string, string>; rows: Map<string, { name?: string; duration?: string }> }
  >();
  for (const [path, value] of values) {
    const m = AUDIENCE.exec(path);
    if (!m) continue;
    let svc = services.get(m[1]!);
    if (!svc) {
      if (services.size >= MAX_SERVICES) continue;
      svc = { fields: new Map(), rows: new Map() };
      services.set(m[1]!, svc);
    }
    const ch = CHANNEL.exec(m[2]!);
    if (!ch) {
      svc.fields.set(m[2]!, value);
      continue;
    }
    let row = svc.rows.get(ch[1]!);
    if (!row) {
      if (svc.rows.size >= MAX_CHANNELS) continue;
      row = {};
      svc.rows.set(ch[1]!, row);
    }
    if (ch[2] === "Name") row.name = value;
    else row.duration = value;
  }
  const out: AudienceObservation[] = [];
  for (const [service, svc] of services) {
    const enable = svc.fields.get("Enable")?.trim().toLowerCase();
    const durations = new Map<string, number>();
    let badRows = 0;
    for (const row of svc.rows.values()) {
      const name = row.name?.trim() ?? "";
      const duration = uint(row.duration);
      if (name === "" || name.length > MAX_NAME || duration === null) {
        badRows++;
        continue;
      }
      durations.set(name, Math.min(UINT_MAX, (durations.get(name) ?? 0) + duration));
    }
    out.push({
      service,
      at,
      enabled: enable === undefined || enable === "true" || enable === "1",
      resetTime: uint(svc.fields.get("ResetTime")),
      durations,
      badRows,
    });
  }
  return out;
}

/** What is remembered of a service's last reading (MetricCursor snapshot, "audience:<service>"). */
export interface AudienceCursor {
  at: number;
  resetTime: number | null;
  durations: Record<string, number>;
}

export interface ChannelSeconds {
  name: string;
  secs: number;
}

export interface AudienceDelta {
  /** The cursor to store; null when the reading is not newer than the cursor (nothing to do) */
  next: AudienceCursor | null;
  /** Seconds per channel watched between `start` and `end` */
  watched: ChannelSeconds[];
  start: number;
  end: number;
}

/** A cursor read back from JSON; null when it is not one (then the reading is a first sight). */
export function readCursor(snapshot: unknown): AudienceCursor | null {
  if (typeof snapshot !== "object" || snapshot === null) return null;
  const s = snapshot as Partial<AudienceCursor>;
  if (typeof s.at !== "number" || !Number.isFinite(s.at)) return null;
  const durations: Record<string, number> = {};
  if (typeof s.durations === "object" && s.durations !== null)
    for (const [k, v] of Object.entries(s.durations).slice(0, MAX_CHANNELS))
      if (typeof v === "number" && Number.isFinite(v) && v >= 0) durations[k] = v;
  const resetTime = typeof s.resetTime === "number" && Number.isFinite(s.resetTime) ? s.resetTime : null;
  return { at: s.at, resetTime, durations };
}

/** The channels' durations to remember: this reading's, then the cursor's others (bounded). */
function remembered(cursor: AudienceCursor | null, obs: AudienceObservation, reset: boolean) {
  const out: Record<string, number> = {};
  for (const [name, d] of obs.durations) out[name] = d;
  // A channel a (partial) reading left out keeps its last value, unless everything was reset.
  if (cursor && !reset)
    for (const [name, d] of Object.entries(cursor.durations)) {
      if (Object.keys(out).length >= MAX_CHANNELS) break;
      if (!(name in out)) out[name] = d;
    }
  return out;
}

export function audienceDelta(cursor: AudienceCursor | null, obs: AudienceObservation): AudienceDelta {
  const none = (next: AudienceCursor | null): AudienceDelta => ({
    next,
    watched: [],
    start: cursor?.at ?? obs.at,
    end: obs.at,
  });
  // A replayed or older reading: the cursor never moves back.
  if (cursor && obs.at <= cursor.at) return none(null);
  const resetAll = obs.resetTime !== null && cursor?.resetTime != null && obs.resetTime < cursor.resetTime;
  const next: AudienceCursor = {
    at: obs.at,
    resetTime: obs.resetTime,
    durations: remembered(cursor, obs, resetAll),
  };
  // First sight is the baseline; a disabled table measures nothing (its values stay the baseline).
  if (!cursor || !obs.enabled) return none(next);
  const wall = Math.floor((obs.at - cursor.at) / 1000);
  if (wall <= 0) return none(next);
  // Viewing counted from a reset happened after it: ResetTime (when the box keeps it) bounds it.
  const sinceReset = obs.resetTime !== null && obs.resetTime > 0 ? obs.resetTime : wall;
  const raw: ChannelSeconds[] = [];
  for (const [name, value] of obs.durations) {
    const prev = cursor.durations[name];
    const fromZero = resetAll || prev === undefined || value < prev;
    const secs = Math.min(fromZero ? Math.min(value, sinceReset) : value - prev, wall);
    if (secs > 0) raw.push({ name, secs });
  }
  // One main screen: all channels together watched at most the wall time (after a reset of the whole
  // table, at most the time since the reset).
  const cap = resetAll ? Math.min(wall, sinceReset) : wall;
  const total = raw.reduce((a, c) => a + c.secs, 0);
  const scale = total > cap ? cap / total : 1;
  const watched = raw
    .map((c) => ({ name: c.name, secs: Math.floor(c.secs * scale) }))
    .filter((c) => c.secs >= 1);
  return { next, watched, start: cursor.at, end: obs.at };
}
