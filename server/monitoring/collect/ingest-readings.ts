// One device's readings (BulkData reports, a GetParameterValues answer) -> checked per-interval rows in
// the store and the device's cursors moved on. Raw values are not kept: only the deltas and the last
// snapshot per stream/line (MetricCursor). Readings of one device are processed one at a time in this
// process; a re-sent interval from another process is ignored by the store's unique key.
import type { IntervalSource, LineInterval, StreamInterval } from "../../../lib/monitoring/intervals";
import { db } from "../../db";
import { observeIngestRows } from "../../observability/metrics";
import { asJson } from "../../json";
import { writeLineIntervals, writeStreamIntervals, type WriteResult } from "../store/ingest";
import { deltaBetween, freshSamples, type CounterSnapshot } from "./counters";
import { lineCounters, observeLines } from "./line-map";
import { observeStreams, streamCounters, type StreamObservation } from "./stream-map";
import { resolveChannel } from "./channels";
import { emitReadingsIngested } from "./readings-events";
import { parseCount } from "./values";

export interface Reading {
  /** When the device collected the values (ms, skew-corrected, never after receipt) */
  at: number;
  values: ReadonlyMap<string, string>;
}

export interface IngestOptions {
  source: IntervalSource;
  /** ms added to device times (clock skew observed on this report) */
  offset?: number;
  /** When the report arrived: no row ends after it */
  receivedAt?: number;
}

export interface IngestResult {
  streams: WriteResult;
  lines: WriteResult;
}

interface CursorState {
  total?: CounterSnapshot;
  lastSampleEnd?: number;
  showtime?: number | null;
}

const locks = new Map<number, Promise<unknown>>();

/** Runs `work` after the device's previous ingest in this process finished. */
function serialised<T>(deviceId: number, work: () => Promise<T>): Promise<T> {
  const before = locks.get(deviceId) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(work);
  const tail = run.catch(() => undefined);
  locks.set(deviceId, tail);
  void tail.then(() => locks.get(deviceId) === tail && locks.delete(deviceId));
  return run;
}

export function ingestReadings(
  deviceId: number,
  readings: Reading[],
  opts: IngestOptions,
): Promise<IngestResult> {
  return serialised(deviceId, async () => {
    const result = await ingest(deviceId, readings, opts);
    observeIngestRows(opts.source, result.streams.written, result.lines.written);
    return result;
  });
}

const uptimeOf = (values: ReadonlyMap<string, string>) =>
  parseCount(values.get("Device.DeviceInfo.UpTime") ?? values.get("InternetGatewayDevice.DeviceInfo.UpTime"));

async function ingest(deviceId: number, readings: Reading[], opts: IngestOptions): Promise<IngestResult> {
  const receivedAt = opts.receivedAt ?? Date.now();
  const rows = await db().metricCursor.findMany({ where: { deviceId } });
  const cursors = new Map(rows.map((r) => [r.stream, r.snapshot as CursorState]));
  const touched = new Set<string>();
  const streams: StreamInterval[] = [];
  const lines: LineInterval[] = [];
  const ordered = [...readings].sort((a, b) => a.at - b.at);
  for (const reading of ordered) {
    const uptime = uptimeOf(reading.values);
    for (const obs of observeStreams(reading.values, reading.at, uptime, opts.offset ?? 0)) {
      const key = `stream:${obs.path}`;
      const cursor = cursors.get(key) ?? {};
      const made = streamRows(obs, cursor, deviceId, opts.source, receivedAt);
      if (!made.changed) continue;
      cursors.set(key, made.cursor);
      touched.add(key);
      const channelId = await resolveChannel(obs.channel);
      for (const r of made.rows) streams.push({ ...r, channelId });
    }
    for (const obs of observeLines(reading.values, reading.at, uptime)) {
      const key = `line:${obs.path}`;
      const cursor = cursors.get(key) ?? {};
      const outcome = deltaBetween(cursor.total ?? null, obs.totals);
      if (outcome.kind === "duplicate") continue;
      const resynced = obs.showtime !== null && cursor.showtime != null && obs.showtime < cursor.showtime;
      cursors.set(key, { total: obs.totals, showtime: obs.showtime });
      touched.add(key);
      const delta = outcome.kind === "first" ? null : outcome.delta;
      if (!delta) continue;
      lines.push({
        deviceId,
        ts: new Date(delta.start),
        secs: delta.secs,
        line: obs.line,
        source: opts.source,
        ...lineCounters(
          delta.counters,
          delta.secs,
          obs.showtime,
          resynced || outcome.kind === "reset",
          obs.gauges,
        ),
      });
    }
  }
  const result = {
    streams: await writeStreamIntervals(streams),
    lines: await writeLineIntervals(lines),
  };
  await saveCursors(deviceId, cursors, touched, opts.source);
  await emitReadingsIngested({ deviceId, readings: ordered, streams, source: opts.source, receivedAt });
  return result;
}

type StreamRow = Omit<StreamInterval, "channelId">;

function streamRows(
  obs: StreamObservation,
  cursor: CursorState,
  deviceId: number,
  source: IntervalSource,
  receivedAt: number,
): { rows: StreamRow[]; cursor: CursorState; changed: boolean } {
  const next: CursorState = { ...cursor };
  const rows: StreamRow[] = [];
  let changed = false;
  const base = { deviceId, stream: obs.stream };
  if (obs.samples) {
    const s = obs.samples;
    // Each Sample list entry is one interval already: no delta, only the entries not stored before.
    for (const i of freshSamples(s.ends, cursor.lastSampleEnd ?? null)) {
      const end = Math.min(s.ends[i]!, receivedAt);
      next.lastSampleEnd = Math.max(next.lastSampleEnd ?? 0, s.ends[i]!);
      changed = true;
      const secs = Math.min(s.secs[i] ?? 0, s.interval);
      if (secs <= 0) continue;
      const raw: Record<string, number | null> = {};
      for (const [name, list] of Object.entries(s.lists)) raw[name] = list[i] ?? null;
      rows.push({
        ...base,
        ...streamCounters(raw, s.zapMs[i] ?? []),
        igmpJoinMs: i === s.ends.length - 1 ? obs.igmpJoinMs : null,
        ts: new Date(end - s.interval * 1000),
        secs,
        source: source === "bulkdata" ? "bulkdata" : "samples",
      });
    }
  }
  if (obs.totals) {
    const outcome = deltaBetween(cursor.total ?? null, obs.totals, obs.resetSeen);
    if (outcome.kind !== "duplicate") {
      next.total = obs.totals;
      changed = true;
      // With Sample lists the same viewing is stored from them; the totals only keep the cursor current.
      const delta = outcome.kind === "first" ? null : outcome.delta;
      if (delta && !obs.samples) {
        rows.push({
          ...base,
          ...streamCounters(delta.counters),
          igmpJoinMs: obs.igmpJoinMs,
          ts: new Date(Math.min(delta.start, receivedAt - delta.secs * 1000)),
          secs: delta.secs,
          source: source === "bulkdata" ? "bulkdata" : "totals",
        });
      }
    }
  }
  return { rows, cursor: next, changed };
}

async function saveCursors(
  deviceId: number,
  cursors: Map<string, CursorState>,
  touched: Set<string>,
  source: IntervalSource,
): Promise<void> {
  const at = new Date();
  for (const stream of touched) {
    const snapshot = asJson(cursors.get(stream) ?? {});
    await db().metricCursor.upsert({
      where: { deviceId_stream: { deviceId, stream } },
      create: { deviceId, stream, source, snapshot, at },
      update: { source, snapshot, at },
    });
  }
}
