// What localization reads for one window: interval counts by (channel, region, access node, model,
// software) with each layer signature (the populations rates are computed over), every interval of the
// devices impaired in the window (bounded), the DSL figures of their gateways and nodes, and names.
import { db } from "../../db";
import { HOUSEHOLD_SQL } from "../store/ingest";

/** Devices with impairments whose intervals are read at most (the worst picture of a huge outage is clear long before). */
export const MAX_IMPAIRED_DEVICES = 20_000;
const MAX_GROUPS = 200_000;

export interface GroupTotal {
  channelId: number | null;
  regionId: number | null;
  nodeId: number | null;
  model: string;
  software: string;
  /** Device-intervals */
  rows: number;
  /** Intervals impaired at IP */
  ip: number;
  /** At MPEG-TS with clean IP */
  ts: number;
  /** At the decoder with clean IP and TS */
  decoder: number;
  /** At any layer */
  any: number;
}

export interface IntervalRow {
  deviceId: number;
  serial: string;
  household: string;
  ts: number;
  secs: number;
  channelId: number | null;
  regionId: number | null;
  nodeId: number | null;
  model: string;
  software: string;
  ip: boolean;
  tsLayer: boolean;
  decoder: boolean;
  buffer: boolean;
  /** Channel changes in the interval: its channel is then only the last one watched */
  zaps: number;
  /** Loss events after error correction */
  lossEvents: number;
}

export interface DslFigure {
  erroredSecs: number;
  secs: number;
}

export interface WindowData {
  from: Date;
  to: Date;
  groups: GroupTotal[];
  rows: IntervalRow[];
  channels: Map<number, { name: string; headend: string }>;
  regions: Map<number, string>;
  nodes: Map<number, string>;
  dslByNode: Map<number, DslFigure>;
  dslByHousehold: Map<string, DslFigure>;
}

const OVERLAP = `s.ts >= $1::timestamptz - interval '1 day' AND s.ts < $2::timestamptz
  AND s.ts + make_interval(secs => s.secs) > $1::timestamptz`;
const ANY = `GREATEST(s.impaired_ip, s.impaired_ts, s.impaired_decoder, s.impaired_buffer) > 0`;

export async function loadWindow(from: Date, to: Date): Promise<WindowData> {
  const range = [from.toISOString(), to.toISOString()];
  const groups = await db().$queryRawUnsafe<GroupTotal[]>(
    `SELECT s.channel_id AS "channelId", s.region_id AS "regionId", s.access_node_id AS "nodeId", s.model, s.software,
       count(*)::int AS rows, (count(*) FILTER (WHERE s.impaired_ip > 0))::int AS ip,
       (count(*) FILTER (WHERE s.impaired_ip = 0 AND s.impaired_ts > 0))::int AS ts,
       (count(*) FILTER (WHERE s.impaired_ip = 0 AND s.impaired_ts = 0 AND s.impaired_decoder > 0))::int AS decoder,
       (count(*) FILTER (WHERE ${ANY}))::int AS any
     FROM stream_interval s WHERE ${OVERLAP} GROUP BY 1, 2, 3, 4, 5 LIMIT ${MAX_GROUPS}`,
    ...range,
  );
  const rows = await db().$queryRawUnsafe<(Omit<IntervalRow, "ts"> & { ts: Date })[]>(
    `WITH imp AS (SELECT DISTINCT s.device_id FROM stream_interval s WHERE ${OVERLAP} AND ${ANY} LIMIT ${MAX_IMPAIRED_DEVICES})
     SELECT s.device_id AS "deviceId", d."serialNumber" AS serial, ${HOUSEHOLD_SQL} AS household, s.ts, s.secs,
       s.channel_id AS "channelId", s.region_id AS "regionId", s.access_node_id AS "nodeId", s.model, s.software,
       s.impaired_ip > 0 AS ip, s.impaired_ts > 0 AS "tsLayer", s.impaired_decoder > 0 AS decoder,
       s.impaired_buffer > 0 AS buffer, s.zaps,
       s.loss_events AS "lossEvents"
     FROM stream_interval s JOIN imp ON imp.device_id = s.device_id JOIN "Device" d ON d.id = s.device_id
     WHERE ${OVERLAP}`,
    ...range,
  );
  const households = [...new Set(rows.map((r) => r.household))];
  const [byNode, byHousehold, channels, regions, nodes] = await Promise.all([
    db().$queryRawUnsafe<{ node: number; es: number; secs: number }[]>(
      `SELECT s.access_node_id AS node, sum(s.errored_secs)::float8 AS es, sum(s.secs)::float8 AS secs
       FROM line_interval s WHERE ${OVERLAP} AND s.access_node_id IS NOT NULL GROUP BY 1`,
      ...range,
    ),
    db().$queryRawUnsafe<{ household: string; es: number; secs: number }[]>(
      `SELECT ${HOUSEHOLD_SQL} AS household, sum(s.errored_secs)::float8 AS es, sum(s.secs)::float8 AS secs
       FROM line_interval s JOIN "Device" d ON d.id = s.device_id
       WHERE ${OVERLAP} AND ${HOUSEHOLD_SQL} = ANY($3::text[]) GROUP BY 1`,
      ...range,
      households,
    ),
    db().channel.findMany({ select: { id: true, name: true, headend: true } }),
    db().region.findMany({ select: { id: true, name: true } }),
    db().accessNode.findMany({
      where: { id: { in: [...new Set(groups.map((g) => g.nodeId).filter((n) => n !== null))] } },
      select: { id: true, name: true },
    }),
  ]);
  return {
    from,
    to,
    groups,
    rows: rows.map((r) => ({ ...r, ts: r.ts.getTime() })),
    channels: new Map(channels.map((c) => [c.id, { name: c.name, headend: c.headend }])),
    regions: new Map(regions.map((r) => [r.id, r.name])),
    nodes: new Map(nodes.map((n) => [n.id, n.name])),
    dslByNode: new Map(byNode.map((n) => [n.node, { erroredSecs: n.es, secs: n.secs }])),
    dslByHousehold: new Map(byHousehold.map((h) => [h.household, { erroredSecs: h.es, secs: h.secs }])),
  };
}
