// `npm run demo`: the console, the CWMP endpoint and an embedded database, with a fleet of simulated
// gateways and set-top boxes informing to it. Builds the console first when no build exists.
//   npm run demo -- [--devices 100] [--periodic 60] [--mobiles 5]
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { db } from "../server/db";
import { overrideSettings, SettingsError } from "../server/env";
import { seedDemoStore } from "../server/firmware/images/demo-images";
import { logger } from "../server/logger";
import { startServer } from "../server/start";
import { startFleet } from "../sim/fleet";
import { startFleet as startMobiles, type SimFleet } from "../sim/omadm/fleet";
import { seedDemoAudience } from "./demo-audience";
import { demoScenario, demoWorld, seedDemoMonitoring } from "./demo-monitoring";

const { values: args } = parseArgs({
  options: {
    devices: { type: "string", default: "100" },
    periodic: { type: "string", default: "60" },
    mobiles: { type: "string", default: "5" },
  },
});
const devices = Math.max(0, Math.min(5000, Number(args.devices) || 0));
const periodic = Math.max(10, Number(args.periodic) || 60);
const mobileCount = Math.max(0, Math.min(500, Number(args.mobiles) || 0));
// The simulated handsets' DM client password (the server creates each one's account at its first
// session). Fixed so a restart on the same data directory still authenticates; demo only, loopback only.
const mobilePassword = process.env.OMADM_DEFAULT_CLIENT_PASSWORD ?? "demo-mobile-client";

if (!existsSync(".next/BUILD_ID")) {
  process.stdout.write("Building the console (first run only)...\n");
  const build = spawnSync("npx", ["next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The demo's CPEs share one Digest credential made up for this run.
const cpePassword = randomBytes(9).toString("base64url");
const adminPassword = process.env.ADMIN_PASSWORD ?? "vantage-demo";
let settings;
try {
  settings = overrideSettings({
    DATA_DIR: process.env.DATA_DIR ?? "./data/demo",
    HOST: process.env.HOST ?? "127.0.0.1",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    CWMP_AUTH: "digest",
    CWMP_USERNAME: "demo-cpe",
    CWMP_PASSWORD: cpePassword,
    ADMIN_PASSWORD: adminPassword,
    // Gateways (TR-098: no HTTP BulkData) have their line statistics read this often (minutes).
    MONITORING_POLL_MINUTES: process.env.MONITORING_POLL_MINUTES ?? "5",
    // The simulated fleet's connection-request listeners are on loopback, refused unless allowed.
    CONNECTION_REQUEST_ALLOWED_NETWORKS: process.env.CONNECTION_REQUEST_ALLOWED_NETWORKS ?? "127.0.0.0/8",
    // A hundred boxes are a few dozen households per region: with the production k = 10 almost every
    // audience cell would read "fewer than 10". The demo publishes cells of 3 households or more.
    AUDIENCE_K: process.env.AUDIENCE_K ?? "3",
    AUDIENCE_TIME_ZONE: process.env.AUDIENCE_TIME_ZONE ?? "Europe/Paris",
    // Mobiles over OMA DM beside the CPEs (issue 16); package 0 reaches the handsets on loopback.
    OMADM_ENABLED: process.env.OMADM_ENABLED ?? "true",
    OMADM_DEFAULT_CLIENT_PASSWORD: mobilePassword,
  });
} catch (error) {
  if (error instanceof SettingsError) {
    process.stderr.write(`demo: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}

const server = await startServer({ settings });
const demoAdmin = await db().operator.findFirst({
  where: { role: "admin" },
  orderBy: { id: "asc" },
  select: { id: true, username: true, role: true },
});
// Monitoring before the fleet: its topology, line-up and profiles are there when the boxes first inform.
const world = demoWorld(devices, 42);
if (demoAdmin) await seedDemoMonitoring(demoAdmin, world);
if (demoAdmin) await seedDemoAudience(demoAdmin, world);
const fleet = await startFleet({
  world,
  scenario: demoScenario(world),
  // A day of statistics, posted through the collector as retained BulkData reports.
  backfillHours: 24,
  acsUrl: server.cwmpUrl,
  devices,
  seed: 42,
  periodic,
  username: "demo-cpe",
  password: cpePassword,
  // The ACS gives each CPE its own credentials and then refuses the shared ones for it; a rerun on the
  // same data directory must find them where a real box keeps them.
  credentialsFile: settings.DATA_DIR.startsWith("memory:")
    ? undefined
    : path.join(settings.DATA_DIR, "sim-credentials.json"),
  crHost: "127.0.0.1",
  crPort: 0,
  evolveEveryMs: 15_000,
  log: logger("sim"),
});

// A few handsets (half XML, half WBXML) open their first DM session: they appear as kind Mobile.
const mobiles: SimFleet[] = [];
if (server.omadmUrl && mobileCount > 0) {
  for (const [encoding, count, seed] of [
    ["xml", Math.ceil(mobileCount / 2), 42],
    ["wbxml", Math.floor(mobileCount / 2), 43],
  ] as const) {
    if (count === 0) continue;
    const group = await startMobiles({
      serverUrl: server.omadmUrl,
      devices: count,
      seed,
      encoding,
      password: mobilePassword,
      serverId: settings.OMADM_SERVER_ID,
      failureRate: 0,
      maxMsgSize: 16_384,
    });
    mobiles.push(group);
    void Promise.all(group.mobiles.map((m) => m.session(1201))).catch(() => undefined);
  }
}

// The software store's demo content: the demo originator key trusted, one signed image per simulated
// model (newer than the fleet runs) published; a restart finds them and adds nothing.
if (demoAdmin) await seedDemoStore(demoAdmin);

process.stdout.write(
  [
    "",
    "Vantage demo is running.",
    `  Console:        ${server.webUrl}`,
    `  Login:          admin / ${server.adminLogin.generatedPassword ?? adminPassword}` +
      (server.adminLogin.generatedPassword ? "" : "  (the admin created on this data directory's first run)"),
    `  CWMP endpoint:  ${server.cwmpUrl}  (Digest, user demo-cpe)`,
    `  BulkData:       ${server.collectorUrl}  (per-device Digest credentials)`,
    `  Simulated CPEs: ${devices} (gateways and set-top boxes, periodic inform every ${periodic} s)`,
    `  OMA DM:         ${server.omadmUrl ?? "off"}  (${mobiles.reduce((n, g) => n + g.mobiles.length, 0)} simulated mobiles)`,
    `  Audience:       cells of at least ${settings.AUDIENCE_K} households published (AUDIENCE_K; production default 10)`,
    "Press Ctrl+C to stop.",
    "",
  ].join("\n"),
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await fleet.stop();
  await Promise.all(mobiles.map((g) => g.close()));
  await server.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
