// `npx tsx bench/monitoring-dashboard.ts [--devices 10000] [--small 2500] [--days 7] [--reps 20]`
// The NOC dashboard's queries over N STBs × `days` of 15-minute intervals on PostgreSQL (a throw-away
// cluster, fsync on): the raw rows generated in SQL (deterministic, a few percent impaired per layer),
// every bucket rolled up by rollupDirtyBuckets (two runs at once, as two processes would), then each
// query of server/monitoring/queries timed `reps` times (p50/p95) and its main statement's plan saved
// (EXPLAIN ANALYZE). Run twice, at --small and --devices STBs, to measure how the cost grows with the
// fleet; the 100k extrapolation is written from those and the plans. Bounded in size and repetitions.
import { parseArgs } from "node:util";
import pg from "pg";
import { db } from "../server/db";
import {
  breakdown,
  deviceStreamQuality,
  fleetSeries,
  scopeDevices,
  topOffenders,
} from "../server/monitoring/queries";
import { ensurePartitions, forgetPartitions } from "../server/monitoring/store/partitions";
import { rollupDirtyBuckets } from "../server/monitoring/store/rollup";
import { percentile } from "./stats";
import { buildWorld, openBench, writeSection } from "./monitoring-ingest";

const { values } = parseArgs({
  options: {
    devices: { type: "string", default: "10000" },
    small: { type: "string", default: "2500" },
    days: { type: "string", default: "7" },
    reps: { type: "string", default: "20" },
    "no-write": { type: "boolean", default: false },
  },
});
const bounded = (raw: string, min: number, max: number) =>
  Math.min(max, Math.max(min, Math.floor(Number(raw))));
const DEVICES = bounded(values.devices, 100, 100_000);
const SMALL = bounded(values.small, 0, DEVICES);
const DAYS = bounded(values.days, 1, 7);
const REPS = bounded(values.reps, 3, 200);

/** Raw rows of [from, to), straight in SQL: a hash of (device, interval) decides what went wrong. */
async function generate(from: Date, to: Date): Promise<number> {
  return db().$executeRawUnsafe(
    `WITH dev AS (
       SELECT d.id, COALESCE(NULLIF(d."modelName", ''), d."productClass") AS model, d."softwareVersion" AS software,
         t."accessNodeId" AS node, t."regionId" AS region
       FROM "Device" d LEFT JOIN "TopologyEntry" t ON t.household = d."subscriberId" WHERE d.kind = 'STB'),
     ch AS (SELECT min(id) AS first, count(*) AS n FROM "Channel"),
     g AS (
       SELECT dev.*, t AS ts, (extract(epoch FROM t)::int8 / 900) AS slot,
         ((dev.id::int8 * 7919 + (extract(epoch FROM t)::int8 / 900) * 104729) % 1000) / 1000.0 AS r
       FROM dev CROSS JOIN generate_series($1::timestamptz, $2::timestamptz - interval '15 minutes',
         interval '15 minutes') t)
     INSERT INTO stream_interval (device_id, ts, secs, stream, source, channel_id, model, software,
       access_node_id, region_id, rtp_expected, rtp_lost, loss_events, ts_packets, ts_cc_errors, video_frames,
       video_lost, audio_frames, empty_buffer_ms, zaps, zap_ms_sum, zap_ms_max, zap_ms, igmp_join_ms,
       impaired_ip, impaired_ts, impaired_decoder, impaired_buffer, qoe)
     SELECT g.id, g.ts, 900, 1, 1, ch.first + ((g.id + g.slot / 4) % ch.n), g.model, g.software, g.node, g.region,
       540000, CASE WHEN g.r < 0.03 THEN 60 ELSE 0 END, CASE WHEN g.r < 0.03 THEN 3 ELSE 0 END, 3780000,
       CASE WHEN g.r >= 0.03 AND g.r < 0.05 THEN 12 ELSE 0 END, 22500, CASE WHEN g.r >= 0.99 THEN 40 ELSE 0 END,
       42000, CASE WHEN g.r >= 0.985 AND g.r < 0.99 THEN 9000 ELSE 0 END,
       CASE WHEN (g.r * 10) % 1 < 0.3 THEN 1 ELSE 0 END,
       CASE WHEN (g.r * 10) % 1 < 0.3 THEN 600 + (g.r * 2500)::int ELSE 0 END,
       CASE WHEN (g.r * 10) % 1 < 0.3 THEN 600 + (g.r * 2500)::int ELSE 0 END,
       CASE WHEN (g.r * 10) % 1 < 0.3 THEN ARRAY[600 + (g.r * 2500)::int] END,
       CASE WHEN (g.r * 10) % 1 < 0.3 THEN 40 END,
       CASE WHEN g.r < 0.03 THEN 900 ELSE 0 END, CASE WHEN g.r >= 0.03 AND g.r < 0.05 THEN 900 ELSE 0 END,
       CASE WHEN g.r >= 0.99 THEN 900 ELSE 0 END, CASE WHEN g.r >= 0.985 AND g.r < 0.99 THEN 900 ELSE 0 END,
       CASE WHEN g.r < 0.03 THEN 3.4 WHEN g.r < 0.05 THEN 3.9 WHEN g.r >= 0.985 THEN 2.6 ELSE 4.5 END
     FROM g, ch`,
    from.toISOString(),
    to.toISOString(),
  );
}

async function markAll(from: Date): Promise<void> {
  for (const [level, step] of [
    ["15m", "15 minutes"],
    ["1h", "1 hour"],
    ["1d", "1 day"],
  ] as const) {
    await db().$executeRawUnsafe(
      `INSERT INTO rollup_dirty (level, bucket, marked_at)
       SELECT 'stream:${level}', b, now() - interval '1 hour'
       FROM generate_series(date_bin($2::interval, $1::timestamptz, TIMESTAMPTZ '2000-01-01'), now(), $2::interval) b
       ON CONFLICT DO NOTHING`,
      from.toISOString(),
      step,
    );
  }
}

interface Timed {
  name: string;
  p50: number;
  p95: number;
  plan?: string;
}

/**
 * Statements the Prisma adapter sends while a query runs with `capturing` set (pg's Client.query
 * wrapped), with their times, so the slowest can be explained on its own connection.
 */
let capturing: { text: string; values: unknown[]; ms: number }[] | null = null;
type QueryFn = (this: unknown, ...args: unknown[]) => unknown;
for (const proto of [pg.Pool.prototype, pg.Client.prototype] as object[]) {
  const original = Reflect.get(proto, "query") as QueryFn;
  Reflect.set(proto, "query", function (this: unknown, ...args: unknown[]) {
    const out = original.apply(this, args);
    const config = args[0] as { text?: string; values?: unknown[] } | string;
    const list = capturing;
    if (list && out instanceof Promise) {
      const text = typeof config === "string" ? config : config.text;
      const values = (typeof config === "string" ? args[1] : config.values) as unknown[] | undefined;
      const t0 = performance.now();
      void out.then(
        () => {
          if (text && !/^\s*(BEGIN|COMMIT|ROLLBACK)/i.test(text))
            list.push({ text, values: values ?? [], ms: performance.now() - t0 });
        },
        () => undefined,
      );
    }
    return out;
  });
}

/** Times a query; with `explain`, also the plan of its slowest statement (captured from the client). */
async function timeQuery(name: string, run: () => Promise<unknown>, explain: string | null): Promise<Timed> {
  for (let i = 0; i < 2; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const result: Timed = { name, p50: percentile(times, 50), p95: percentile(times, 95) };
  if (explain) {
    capturing = [];
    try {
      await run();
    } finally {
      const captured = capturing;
      capturing = null;
      const slowest = captured.sort((a, b) => b.ms - a.ms)[0];
      if (slowest) {
        const c = new pg.Client({ connectionString: explain });
        await c.connect();
        try {
          const plan = await c.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${slowest.text}`, slowest.values);
          result.plan = plan.rows.map((r: Record<string, string>) => Object.values(r)[0]).join("\n");
        } finally {
          await c.end();
        }
      }
    }
  }
  return result;
}

async function runSize(devices: number, explain: boolean) {
  const { database, server } = await openBench();
  try {
    forgetPartitions();
    const world = await buildWorld(devices, "D");
    // DAYS days up to the last full 15 minutes, one statement per (UTC) day.
    const end = Math.floor(Date.now() / 900_000) * 900_000;
    const from = new Date(end - DAYS * 86_400_000);
    const cuts = [from.getTime()];
    for (let d = Math.floor(from.getTime() / 86_400_000) * 86_400_000 + 86_400_000; d < end; d += 86_400_000)
      cuts.push(d);
    cuts.push(end);
    await ensurePartitions(
      "stream_interval",
      cuts.map((c) => new Date(Math.min(c, end - 1))),
    );
    const g0 = performance.now();
    let rows = 0;
    for (let i = 0; i + 1 < cuts.length; i++)
      rows += await generate(new Date(cuts[i]!), new Date(cuts[i + 1]!));
    const genS = (performance.now() - g0) / 1000;
    await db().$executeRawUnsafe(`ANALYZE stream_interval`);
    await markAll(from);
    const r0 = performance.now();
    let buckets = 0;
    for (let i = 0; i < 100; i++) {
      const [a, b] = await Promise.all([
        rollupDirtyBuckets({ settleMs: 0, limit: 100 }),
        rollupDirtyBuckets({ settleMs: 0, limit: 100 }),
      ]);
      buckets += a.recomputed + b.recomputed;
      if (a.recomputed + a.skipped + b.recomputed + b.skipped === 0) break;
    }
    const rollS = (performance.now() - r0) / 1000;
    // What autovacuum does to a rollup partition soon after its rows are inserted (PG 13+ vacuums on
    // inserts): its pages marked all-visible, so rankings are index-only scans as they are in service.
    await db().$executeRawUnsafe(`VACUUM (ANALYZE) stream_rollup_15m, stream_rollup_1h, stream_rollup_1d`);
    await db().$executeRawUnsafe(`ANALYZE`);
    const sample = world.deviceIds[Math.floor(world.deviceIds.length / 3)]!;
    const channel = String(world.channelIds[7]);
    const [node] = await db().$queryRawUnsafe<{ id: number }[]>(`SELECT min(id) AS id FROM "AccessNode"`);
    const queries: [string, () => Promise<unknown>][] = [
      ["fleetSeries 1h (raw)", () => fleetSeries({ range: "1h" })],
      ["fleetSeries 24h", () => fleetSeries({ range: "24h" })],
      ["fleetSeries 7d", () => fleetSeries({ range: "7d" })],
      ["fleetSeries 30d", () => fleetSeries({ range: "30d" })],
      [
        "fleetSeries 7d, one channel",
        () => fleetSeries({ range: "7d", scope: { dim: "channel", key: channel } }),
      ],
      ["breakdown channel 24h", () => breakdown({ range: "24h", dim: "channel", limit: 50 })],
      ["breakdown access_node 7d", () => breakdown({ range: "7d", dim: "access_node", limit: 50 })],
      ["breakdown software 30d", () => breakdown({ range: "30d", dim: "software", limit: 50 })],
      ["topOffenders device 24h", () => topOffenders({ range: "24h", dim: "device", limit: 20 })],
      ["topOffenders channel 7d", () => topOffenders({ range: "7d", dim: "channel", limit: 20 })],
      [
        "scopeDevices channel 24h",
        () => scopeDevices({ range: "24h", dim: "channel", key: channel, limit: 50 }),
      ],
      [
        "scopeDevices access_node 7d, IP layer",
        () =>
          scopeDevices({ range: "7d", dim: "access_node", key: String(node?.id), layer: "ip", limit: 50 }),
      ],
      ["deviceStreamQuality 24h", () => deviceStreamQuality(sample, { hours: 24 })],
    ];
    const timed: Timed[] = [];
    for (const [name, run] of queries) timed.push(await timeQuery(name, run, explain ? database.url : null));
    const [size] = await db().$queryRawUnsafe<{ raw: string; rollups: string }[]>(
      `SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid)) FILTER (WHERE p.relname LIKE '%_interval')) AS raw,
              pg_size_pretty(sum(pg_total_relation_size(c.oid)) FILTER (WHERE p.relname LIKE '%_rollup_%')) AS rollups
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent`,
    );
    return { devices, rows, genS, rollS, buckets, timed, size, description: database.description };
  } finally {
    await server.close();
    await database.close();
  }
}

const runs = [];
if (SMALL > 0) runs.push(await runSize(SMALL, false));
runs.push(await runSize(DEVICES, true));
const big = runs[runs.length - 1]!;
const small = runs.length > 1 ? runs[0] : undefined;
const fmt = (ms: number) => ms.toFixed(1);
const lines = [
  `Run: ${new Date().toISOString()}, ${big.description}; ${DAYS} days of 15-minute intervals, ${REPS} timed runs per query after 2 warm-ups.`,
  "",
  ...runs.map(
    (r) =>
      `- ${r.devices.toLocaleString("en")} STBs: ${r.rows.toLocaleString("en")} raw rows generated in ${r.genS.toFixed(0)} s; ${r.buckets} rollup buckets computed in ${r.rollS.toFixed(0)} s (two runs at once); raw ${r.size?.raw}, rollups ${r.size?.rollups}.`,
  ),
  "",
  `| query | ${small ? `p50 / p95 ms at ${small.devices.toLocaleString("en")} | ` : ""}p50 / p95 ms at ${big.devices.toLocaleString("en")} |${small ? " growth (p50) |" : ""}`,
  `|---|${small ? "---|" : ""}---|${small ? "---|" : ""}`,
  ...big.timed.map((t, i) => {
    const s = small?.timed[i];
    return `| ${t.name} | ${s ? `${fmt(s.p50)} / ${fmt(s.p95)} | ` : ""}${fmt(t.p50)} / **${fmt(t.p95)}** |${s ? ` ×${(t.p50 / Math.max(0.01, s.p50)).toFixed(2)} |` : ""}`;
  }),
  "",
  `Goal: p95 < 300 ms at ${big.devices.toLocaleString("en")} STBs: ${
    big.timed.every((t) => t.p95 < 300)
      ? "met by every query"
      : `not met by ${big.timed
          .filter((t) => t.p95 >= 300)
          .map((t) => t.name)
          .join(", ")}`
  }.`,
  "",
  "<details><summary>Plans (EXPLAIN ANALYZE of each query's slowest statement, at the larger size)</summary>",
  "",
  ...big.timed.flatMap((t) => [`**${t.name}**`, "", "```", t.plan ?? "(none)", "```", ""]),
  "</details>",
];
console.log(lines.filter((l) => !l.startsWith("```") && !l.includes("->")).join("\n"));
if (!values["no-write"]) writeSection("dashboard", lines.join("\n"));
process.exit(0);
