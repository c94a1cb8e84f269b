// `npx tsx bench/monitoring-ingest.ts [--devices 20000] [--duration 60] [--writers 4]`
// Sustained ingest into the monitoring store on PostgreSQL (a throw-away cluster with fsync on, or
// BENCH_DATABASE_URL): checked stream intervals (one row = 30 metric samples: the 22 counters, zap
// times, IGMP join, the per-layer impaired seconds and the QoE score) written through
// writeStreamIntervals by concurrent writers in batches of 2,000, the fleet sweeping forward in time
// one 5-minute interval after another, while the store's maintenance loop rolls the settled buckets
// up concurrently. Reported: rows/s and samples/s, CPU of this process (ingest + rollup driver) and of
// PostgreSQL, peak RSS, and how long the rollups take to catch up afterwards. Bounded in time and size.
// The world (devices, topology, channels) is shared with bench/monitoring-dashboard.ts.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { emptyStreamCounters, type StreamInterval } from "../lib/monitoring/intervals";
import { db } from "../server/db";
import { rollupDirtyBuckets } from "../server/monitoring/store/rollup";
import { startMonitoringStore } from "../server/monitoring/store/maintenance";
import { writeStreamIntervals } from "../server/monitoring/store/ingest";
import { openStore, type Store } from "../server/database/connect";
import { overrideSettings } from "../server/env";
import { cpuMeter } from "./cpu";
import { openBenchDatabase, type BenchDatabase } from "./postgres";

export const SAMPLES_PER_ROW = 30;
export const MODELS = ["STB-4K", "STB-HD", "STB-UHD2", "STB-LITE"] as const;

export interface World {
  deviceIds: number[];
  channelIds: number[];
  nodes: number;
  regions: number;
}

/** Devices (STBs with a household each), regions, access nodes, topology and a channel line-up, in SQL. */
export async function buildWorld(devices: number, prefix = "B"): Promise<World> {
  const regions = 8;
  const nodes = Math.max(4, Math.min(400, Math.round(devices / 50)));
  const channels = 120;
  await db().$executeRawUnsafe(
    `INSERT INTO "Region" (name) SELECT 'Region-' || g FROM generate_series(1, ${regions}) g`,
  );
  await db().$executeRawUnsafe(
    `INSERT INTO "AccessNode" (name, "regionId")
     SELECT 'DSLAM-' || g, (SELECT min(id) FROM "Region") + (g % ${regions}) FROM generate_series(1, ${nodes}) g`,
  );
  await db().$executeRawUnsafe(
    `INSERT INTO "Channel" (name, number, "multicastGroup")
     SELECT 'Channel ' || g, g, '239.1.' || (g / 250) || '.' || (g % 250) FROM generate_series(1, ${channels}) g`,
  );
  await db().$executeRawUnsafe(
    `INSERT INTO "Device" (oui, "productClass", "serialNumber", manufacturer, kind, "modelName", "softwareVersion",
       "subscriberId")
     SELECT '00D09E', 'STB', '${prefix}STB-' || g, 'Bench', 'STB', (ARRAY['${MODELS.join("','")}'])[1 + g % 4],
       CASE WHEN g % 10 = 0 THEN '2.1.0' ELSE '2.0.3' END, '${prefix}SUB-' || g
     FROM generate_series(1, ${devices}) g`,
  );
  await db().$executeRawUnsafe(
    `INSERT INTO "TopologyEntry" (household, "accessNodeId", "regionId", "updatedAt")
     SELECT '${prefix}SUB-' || g, n.id, n."regionId", now() FROM generate_series(1, ${devices}) g
       JOIN "AccessNode" n ON n.name = 'DSLAM-' || (1 + g % ${nodes})`,
  );
  const ids = await db().$queryRawUnsafe<{ id: number }[]>(
    `SELECT id FROM "Device" WHERE "serialNumber" LIKE '${prefix}STB-%' ORDER BY id`,
  );
  const ch = await db().$queryRawUnsafe<{ id: number }[]>(`SELECT id FROM "Channel" ORDER BY id`);
  return { deviceIds: ids.map((r) => r.id), channelIds: ch.map((r) => r.id), nodes, regions };
}

/** A small deterministic PRNG (mulberry32), so runs compare. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One interval of one box: mostly clean viewing, a few percent with loss, TS or decoder trouble. */
export function intervalOf(deviceId: number, channelId: number, ts: Date, rnd: () => number): StreamInterval {
  const r = rnd();
  const zaps = rnd() < 0.3 ? 1 + Math.floor(rnd() * 3) : 0;
  return {
    ...emptyStreamCounters(),
    deviceId,
    ts,
    secs: 300,
    stream: 1,
    source: "bulkdata",
    channelId,
    rtpExpected: 180_000,
    rtpLost: r < 0.03 ? 20 + Math.floor(rnd() * 200) : 0,
    rtpLostBeforeEc: r < 0.1 ? 50 + Math.floor(rnd() * 500) : 0,
    lossEvents: r < 0.03 ? 1 + Math.floor(rnd() * 5) : 0,
    lossEventsBeforeEc: r < 0.1 ? 2 : 0,
    tsPackets: 1_260_000,
    tsCcErrors: r > 0.98 ? 5 + Math.floor(rnd() * 20) : 0,
    videoFrames: 7_500,
    videoLost: r > 0.99 ? 30 : 0,
    videoConcealed: r > 0.985 ? 40 : 0,
    audioFrames: 14_000,
    emptyBufferMs: r > 0.995 ? 4_000 : 0,
    zaps,
    zapFailures: zaps > 0 && rnd() < 0.02 ? 1 : 0,
    zapMs: Array.from({ length: zaps }, () => 600 + Math.floor(rnd() * 2500)),
    igmpJoinMs: zaps > 0 ? 20 + Math.floor(rnd() * 200) : null,
  };
}

/**
 * The store alone (migrations applied, the Prisma client on a pool of 20), without the rest of the
 * ACS: what is measured is the monitoring store's work.
 */
export async function openBench(): Promise<{ database: BenchDatabase; server: Store }> {
  const database = await openBenchDatabase();
  if ("skipped" in database) throw new Error(`PostgreSQL needed: ${database.skipped}`);
  overrideSettings({ LOG_LEVEL: "warn", DATABASE_URL: database.url });
  const server = await openStore({ databaseUrl: database.url, dataDir: "memory:", poolSize: 20 });
  return { database, server };
}

const RESULTS = new URL("results/monitoring.md", import.meta.url);

/** Replaces one section (ingest | dashboard) of bench/results/monitoring.md, keeping the other. */
export function writeSection(name: "ingest" | "dashboard", body: string): void {
  const begin = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  let text = existsSync(RESULTS)
    ? readFileSync(RESULTS, "utf8")
    : "# Monitoring store benchmarks\n\n<!-- ingest -->\n<!-- /ingest -->\n\n<!-- dashboard -->\n<!-- /dashboard -->\n";
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  const block = `${begin}\n${body}\n${end}`;
  text = i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text}\n${block}\n`;
  writeFileSync(RESULTS, text);
}

const rssMb = () => process.memoryUsage().rss / 2 ** 20;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      devices: { type: "string", default: "20000" },
      duration: { type: "string", default: "60" },
      writers: { type: "string", default: "4" },
      "no-write": { type: "boolean", default: false },
    },
  });
  const devices = Math.min(200_000, Math.max(100, Number(values.devices)));
  const durationMs = Math.min(900, Math.max(5, Number(values.duration))) * 1000;
  const writers = Math.min(16, Math.max(1, Number(values.writers)));
  const { database, server } = await openBench();
  try {
    const world = await buildWorld(devices);
    console.log(`world: ${devices} STBs, ${world.nodes} access nodes on ${database.description}`);
    const store = startMonitoringStore({ pollMs: 2_000, settleMs: 10_000, housekeepingMs: 3_600_000 });
    // Sweep the fleet forward from six days back, one 5-minute interval per sweep.
    const start = Math.floor(Date.now() / 300_000) * 300_000 - 6 * 86_400_000;
    let next = 0;
    const take = (): StreamInterval[] | null => {
      const k = next++;
      const sweep = Math.floor((k * 2_000) / devices);
      const offset = (k * 2_000) % devices;
      const ts = new Date(start + sweep * 300_000);
      if (ts.getTime() > Date.now() - 600_000) return null;
      const rnd = prng(k);
      return world.deviceIds
        .slice(offset, offset + 2_000)
        .map((id, i) =>
          intervalOf(id, world.channelIds[(id + sweep + i) % world.channelIds.length]!, ts, rnd),
        );
    };
    let rows = 0;
    let peakRss = rssMb();
    const cpu0 = process.cpuUsage();
    const meter = cpuMeter(process.pid);
    const t0 = performance.now();
    const deadline = t0 + durationMs;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (performance.now() < deadline) {
          const batch = take();
          if (!batch) break;
          const r = await writeStreamIntervals(batch);
          rows += r.written;
          peakRss = Math.max(peakRss, rssMb());
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const shares = meter();
    await store.stop();
    const [{ dirty } = { dirty: 0 }] = await db().$queryRawUnsafe<{ dirty: number }[]>(
      `SELECT count(*)::int AS dirty FROM rollup_dirty`,
    );
    const c0 = performance.now();
    let buckets = 0;
    for (let i = 0; i < 200; i++) {
      const r = await rollupDirtyBuckets({ settleMs: 0, limit: 500 });
      buckets += r.recomputed;
      if (r.recomputed + r.skipped === 0) break;
    }
    const catchUp = (performance.now() - c0) / 1000;
    const [{ rollups } = { rollups: 0 }] = await db().$queryRawUnsafe<{ rollups: number }[]>(
      `SELECT count(*)::int AS rollups FROM stream_rollup_15m`,
    );
    const rowsPerS = rows / seconds;
    const lines = [
      `Run: ${new Date().toISOString()}, ${devices.toLocaleString("en")} STBs, ${writers} writers, ${seconds.toFixed(0)} s, ${database.description}; the maintenance loop (rollups every 2 s, buckets settled after 10 s) running throughout.`,
      "",
      "| rows written | rows/s | metric samples/s (×30) | this process CPU (ingest + rollups driver) | PostgreSQL CPU | machine busy | peak RSS |",
      "|---|---|---|---|---|---|---|",
      `| ${rows.toLocaleString("en")} | ${rowsPerS.toFixed(0)} | **${(rowsPerS * SAMPLES_PER_ROW).toFixed(0)}** | ${((cpu.user + cpu.system) / 1e6 / seconds).toFixed(2)} cores | ${shares.postgres?.toFixed(2) ?? "?"} cores | ${shares.machineBusy === undefined ? "?" : `${(shares.machineBusy * 100).toFixed(0)} %`} | ${peakRss.toFixed(0)} MiB |`,
      "",
      `After the run ${dirty} buckets were still marked (the newest, not yet settled); recomputing all of them took ${catchUp.toFixed(1)} s (${buckets} buckets; ${rollups} 15-minute rollup rows in all).`,
      `Target: 30,000 samples/s (1M STBs × 30 metrics every 15 min = 33,333/s): ${rowsPerS * SAMPLES_PER_ROW >= 30_000 ? "met" : "NOT met"} on this 2-core machine, with the row generation (the collector's share) in the same process.`,
    ];
    console.log(lines.join("\n"));
    if (!values["no-write"]) writeSection("ingest", lines.join("\n"));
  } finally {
    await server.close();
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
  process.exit(0);
}
