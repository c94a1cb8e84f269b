// `npm run bench:faults -- [--faults 200000] [--devices 2000] [--rounds 3]`: how long the fleet faults
// page's summary (server/faults/summary.ts) takes over N faults spread across 90 days on embedded
// PGlite, first without the indexes of the faults_indexes migration, then with them, in one run on
// the same rows. The indexes are read from the migration itself, so the bench measures what ships.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire, Module } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import { openStore } from "../server/database/connect";
import { db } from "../server/db";
import { overrideSettings } from "../server/env";

// The summary module guards itself with `import "server-only"`, which throws outside a React server
// bundle; this script is a server process, so that guard's module is answered with an empty one.
const require = createRequire(import.meta.url);
const guard = new Module(require.resolve("server-only"));
guard.loaded = true;
require.cache[guard.id] = guard;
const { faultSummary } = await import("../server/faults/summary");

const { values } = parseArgs({
  options: {
    faults: { type: "string", default: "200000" },
    devices: { type: "string", default: "2000" },
    rounds: { type: "string", default: "3" },
  },
});

function bounded(name: string, raw: string, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be an integer 1..${max}`);
  return n;
}
const FAULTS = bounded("faults", values.faults, 2_000_000);
const DEVICES = bounded("devices", values.devices, 100_000);
const ROUNDS = bounded("rounds", values.rounds, 20);
const WINDOWS = [1, 7, 90];

/** The CREATE INDEX statements of the migration that added the faults page's indexes. */
function migrationIndexes(): { name: string; create: string }[] {
  const dir = path.resolve("prisma/migrations");
  const migration = readdirSync(dir).find((d) => d.endsWith("_faults_indexes"));
  if (!migration) throw new Error("migration faults_indexes not found");
  const sql = readFileSync(path.join(dir, migration, "migration.sql"), "utf8");
  return [...sql.matchAll(/CREATE INDEX "([^"]+)"[^;]+;/g)].map((m) => ({ name: m[1]!, create: m[0] }));
}

/**
 * Devices, then faults over 90 days: three in four from a failed task (one in five of those without
 * its DeviceFault row, as older rows have), the rest protocol faults without a task; plus as many
 * successful tasks finished over the same days, which the failed-task read must skip.
 */
async function seed(): Promise<void> {
  await db().$executeRawUnsafe(
    `INSERT INTO "Device"(oui, "productClass", "serialNumber", manufacturer, "modelName", "softwareVersion")
     SELECT '00AA00', 'PC-' || (g % 7), 'BF-' || g, 'Maker-' || (g % 3), 'Model ' || (g % 7), 'v' || (g % 5)
       FROM generate_series(1, $1::int) g`,
    DEVICES,
  );
  const [row] = await db().$queryRaw<{ first: number }[]>`SELECT min(id) AS first FROM "Device"`;
  const first = row?.first ?? 0;
  const taskFaults = Math.floor((FAULTS * 3) / 4);
  // Spread evenly over 90 days back from now, on every device.
  const at = `now() - (g * interval '90 days') / $1::int`;
  await db().$executeRawUnsafe(
    `INSERT INTO "Task"("deviceId", name, request, state, "faultCode", "faultString", "completedAt", "createdAt")
     SELECT $2::int + g % $3::int, (ARRAY['GetParameterValues','SetParameterValues','Reboot'])[1 + g % 3],
            '{}'::jsonb, 'fault', 9000 + g % 12, 'fault ' || g % 12, ${at}, ${at}
       FROM generate_series(1, $1::int) g`,
    taskFaults,
    first,
    DEVICES,
  );
  await db().$executeRawUnsafe(
    `INSERT INTO "Task"("deviceId", name, request, state, "completedAt", "createdAt")
     SELECT $2::int + g % $3::int, 'GetParameterValues', '{}'::jsonb, 'done', ${at}, ${at}
       FROM generate_series(1, $1::int) g`,
    FAULTS,
    first,
    DEVICES,
  );
  await db().$executeRawUnsafe(
    `INSERT INTO "DeviceFault"("deviceId", "taskId", code, message, at)
     SELECT t."deviceId", t.id, t."faultCode", t."faultString", t."completedAt"
       FROM "Task" t WHERE t.state = 'fault' AND t.id % 5 <> 0`,
  );
  await db().$executeRawUnsafe(
    `INSERT INTO "DeviceFault"("deviceId", code, message, at)
     SELECT $2::int + g % $3::int, 8003, 'session aborted', ${at}
       FROM generate_series(1, $1::int) g`,
    FAULTS - taskFaults,
    first,
    DEVICES,
  );
  await db().$executeRawUnsafe(`ANALYZE`);
}

/** Median of ROUNDS summaries per window, in ms (the first call of each warms the caches). */
async function timeSummaries(now: Date): Promise<Map<number, { ms: number; occurrences: number }>> {
  const out = new Map<number, { ms: number; occurrences: number }>();
  for (const days of WINDOWS) {
    await faultSummary(days, { now });
    const times: number[] = [];
    let occurrences = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const started = performance.now();
      occurrences = (await faultSummary(days, { now })).totals.occurrences;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    out.set(days, { ms: times[Math.floor(times.length / 2)]!, occurrences });
  }
  return out;
}

overrideSettings({ LOG_LEVEL: "silent" });
const store = await openStore({ dataDir: "memory:" });
try {
  const indexes = migrationIndexes();
  const seeding = performance.now();
  await seed();
  process.stdout.write(
    `seeded ${DEVICES} devices, ${FAULTS} faults over 90 days in ${((performance.now() - seeding) / 1000).toFixed(1)} s\n`,
  );
  for (const index of indexes) await db().$executeRawUnsafe(`DROP INDEX "${index.name}"`);
  await db().$executeRawUnsafe(`ANALYZE`);
  // One fixed end of the window for both runs: they must count the same rows.
  const now = new Date();
  const without = await timeSummaries(now);
  for (const index of indexes) await db().$executeRawUnsafe(index.create);
  await db().$executeRawUnsafe(`ANALYZE`);
  const withIndexes = await timeSummaries(now);
  process.stdout.write(`indexes: ${indexes.map((i) => i.name).join(", ")}\n`);
  process.stdout.write(`| window | occurrences | without indexes ms | with indexes ms | speed-up |\n`);
  process.stdout.write(`| -----: | ----------: | -----------------: | --------------: | -------: |\n`);
  for (const days of WINDOWS) {
    const a = without.get(days)!;
    const b = withIndexes.get(days)!;
    if (a.occurrences !== b.occurrences)
      throw new Error(`${days} d: counts differ (${a.occurrences} / ${b.occurrences})`);
    process.stdout.write(
      `| ${days} d | ${a.occurrences} | ${a.ms.toFixed(0)} | ${b.ms.toFixed(0)} | ${(a.ms / b.ms).toFixed(1)}× |\n`,
    );
  }
} finally {
  await store.close();
}
