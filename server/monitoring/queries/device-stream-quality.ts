// The help desk's "Stream quality" of one device: its intervals per layer, which channel was on when,
// and the household gateway's DSL line on the same time axis.
import type { DeviceStreamQuality } from "../../../lib/monitoring/query-api";
import { readDb } from "../../db";

/** At most a week of 5-minute intervals of two streams. */
const MAX_INTERVALS = 4_032;

export async function deviceStreamQuality(
  deviceId: number,
  options: { hours?: number } = {},
): Promise<DeviceStreamQuality> {
  const hours = Math.min(168, Math.max(1, Math.floor(options.hours ?? 24)));
  const to = new Date();
  const from = new Date(to.getTime() - hours * 3_600_000);
  const rows = await readDb().$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT s.*, c.name AS channel_name FROM stream_interval s LEFT JOIN "Channel" c ON c.id = s.channel_id
     WHERE s.device_id = $1 AND s.ts >= $2 AND s.ts < $3 ORDER BY s.ts, s.stream LIMIT ${MAX_INTERVALS}`,
    deviceId,
    from.toISOString(),
    to.toISOString(),
  );
  const n = (v: unknown) => Number(v ?? 0);
  const per = (a: number, b: number) => (b > 0 ? a / b : null);
  const intervals = rows.map((r) => {
    const secs = n(r.secs);
    return {
      ts: new Date(r.ts as Date).toISOString(),
      secs,
      stream: n(r.stream),
      channelId: r.channel_id === null ? null : n(r.channel_id),
      channel: (r.channel_name as string | null) ?? null,
      qoe: n(r.qoe),
      impaired: {
        ip: n(r.impaired_ip) > 0,
        ts: n(r.impaired_ts) > 0,
        decoder: n(r.impaired_decoder) > 0,
        buffer: n(r.impaired_buffer) > 0,
      },
      kpis: {
        lossRatio: per(n(r.rtp_lost), n(r.rtp_expected)),
        lossEventsPerHour: per(n(r.loss_events) * 3600, secs),
        ccErrorsPerHour: per(n(r.ts_cc_errors) * 3600, secs),
        frameLossRatio: per(n(r.video_lost), n(r.video_frames)),
        concealmentRatio: per(n(r.video_concealed), n(r.video_frames)),
        frozenFraction: per(n(r.empty_buffer_ms), secs * 1000),
        zaps: n(r.zaps),
        zapFailures: n(r.zap_failures),
        zapMsMax: n(r.zap_ms_max),
      },
    };
  });
  const gateway = await householdGateway(deviceId);
  const line = gateway
    ? await readDb().$queryRawUnsafe<Record<string, unknown>[]>(
        `SELECT ts, secs, errored_secs, severely_errored_secs, crc_errors, resyncs, ds_rate, us_rate, ds_margin
         FROM line_interval WHERE device_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts, line LIMIT ${MAX_INTERVALS}`,
        gateway.deviceId,
        from.toISOString(),
        to.toISOString(),
      )
    : [];
  const gauge = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    intervals,
    channels: channelRuns(intervals.filter((i) => i.stream === 1)),
    gateway,
    line: line.map((l) => ({
      ts: new Date(l.ts as Date).toISOString(),
      secs: n(l.secs),
      erroredSecs: n(l.errored_secs),
      severelyErroredSecs: n(l.severely_errored_secs),
      crcErrors: n(l.crc_errors),
      resyncs: n(l.resyncs),
      dsRate: gauge(l.ds_rate),
      usRate: gauge(l.us_rate),
      dsMargin: gauge(l.ds_margin),
    })),
  };
}

type Interval = DeviceStreamQuality["intervals"][number];

/** Contiguous runs of the same channel; a gap longer than the intervals themselves ends a run. */
export function channelRuns(intervals: readonly Interval[]): DeviceStreamQuality["channels"] {
  const runs: DeviceStreamQuality["channels"] = [];
  let last: { channelId: number | null; end: number } | null = null;
  for (const i of intervals) {
    const start = Date.parse(i.ts);
    const end = start + i.secs * 1000;
    const run = runs[runs.length - 1];
    if (run && last && last.channelId === i.channelId && start - last.end <= i.secs * 1000) {
      run.to = new Date(end).toISOString();
    } else {
      runs.push({ channelId: i.channelId, channel: i.channel, from: i.ts, to: new Date(end).toISOString() });
    }
    last = { channelId: i.channelId, end };
  }
  return runs;
}

/**
 * The gateway whose line serves the device: itself when it reports a line, else the gateway it
 * names (TR-111 GatewayInfo), else a gateway of the same subscriber.
 */
async function householdGateway(
  deviceId: number,
): Promise<{ deviceId: number; serialNumber: string } | null> {
  const rows = await readDb().$queryRawUnsafe<{ id: number; serial: string }[]>(
    `SELECT g.id, g."serialNumber" AS serial FROM "Device" d JOIN "Device" g
       ON g.id = d.id
       OR (d."gatewaySerialNumber" IS NOT NULL AND g."serialNumber" = d."gatewaySerialNumber")
       OR (d."subscriberId" IS NOT NULL AND d."subscriberId" <> '' AND g."subscriberId" = d."subscriberId"
           AND g.kind = 'GATEWAY')
     WHERE d.id = $1
     ORDER BY (g.id = d.id) DESC, (g."serialNumber" = d."gatewaySerialNumber") DESC, g.id
     LIMIT 5`,
    deviceId,
  );
  for (const r of rows) {
    const has = await readDb().$queryRawUnsafe<unknown[]>(
      `SELECT 1 FROM line_interval WHERE device_id = $1 LIMIT 1`,
      r.id,
    );
    if (has.length > 0) return { deviceId: r.id, serialNumber: r.serial };
  }
  return null;
}
