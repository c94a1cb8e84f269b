// CLI: npm run sim -- --acs http://127.0.0.1:7547/ --devices 100 [--seed 42] [--stb-ratio 0.7]
//   [--periodic 300] [--username U --password P | --per-device-credentials] [--cr-host 127.0.0.1]
//   [--cr-port 0] [--fault-rate 0] [--latency-ms 0] [--boot-storm] [--duration S] [--concurrency 50]
//   (--boot-storm: every device's first Inform at the same instant, no concurrency cap unless given;
//   a 503's Retry-After is honoured, up to 600 s, with the same events sent again)
//   [--retry-scale 1] [--log-level info]
//   [--fw-fail http_error=0.02,boots_old_version=0.01,multicast_join=0.1] [--fw-trust key.pub.pem,...]
//   [--fw-unsigned-ok] [--fw-multicast-if <local address to join on>] [--fw-multicast-timeout 300]
//   [--scenario impairments.json] [--backfill-hours H] [--bulkdata-min-interval S] [--utc-offset 1]
//   [--stun [--stun-server host:port] [--stun-assume-nat]]  (TR-111 STUN client on every device)
//   npm run sim -- --devices N --seed S --export-topology f.csv --export-lineup g.csv
//     [--export-optouts o.csv]  (writes the world's files for the console imports, exits)
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import pino from "pino";
import { parseFaultRates } from "./firmware-faults";
import { startFleet } from "./fleet";
import { planFleet } from "./fleet-plan";
import { loadScenario } from "./monitoring/scenario";
import { lineupCsv, optOutsCsv, topologyCsv, worldOf } from "./monitoring/world";

const { values: a } = parseArgs({
  options: {
    acs: { type: "string", default: "http://127.0.0.1:7547/" },
    devices: { type: "string", default: "100" },
    seed: { type: "string", default: "42" },
    "stb-ratio": { type: "string", default: "0.7" },
    periodic: { type: "string", default: "300" },
    username: { type: "string", default: "" },
    password: { type: "string", default: "" },
    "per-device-credentials": { type: "boolean", default: false },
    "cr-host": { type: "string", default: "127.0.0.1" },
    "cr-port": { type: "string", default: "0" },
    "fault-rate": { type: "string", default: "0" },
    "latency-ms": { type: "string", default: "0" },
    "boot-storm": { type: "boolean", default: false },
    duration: { type: "string" },
    concurrency: { type: "string" },
    "retry-scale": { type: "string", default: "1" },
    "log-level": { type: "string", default: "info" },
    "fw-fail": { type: "string", default: "" },
    "fw-trust": { type: "string", default: "" },
    "fw-unsigned-ok": { type: "boolean", default: false },
    "fw-multicast-if": { type: "string" },
    "fw-multicast-timeout": { type: "string", default: "300" },
    scenario: { type: "string" },
    "backfill-hours": { type: "string", default: "0" },
    "bulkdata-min-interval": { type: "string" },
    "utc-offset": { type: "string", default: "1" },
    stun: { type: "boolean", default: false },
    "stun-server": { type: "string" },
    "stun-assume-nat": { type: "boolean", default: false },
    "export-topology": { type: "string" },
    "export-lineup": { type: "string" },
    "export-optouts": { type: "string" },
  },
  strict: true,
});

const num = (name: string, v: string | undefined): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
  return n;
};

// The world's CSV files for the console's topology, line-up and audience opt-out imports: no ACS needed.
const exports = [a["export-topology"], a["export-lineup"], a["export-optouts"]];
if (exports.some((file) => file !== undefined)) {
  const plan = planFleet({
    devices: num("devices", a.devices),
    seed: num("seed", a.seed),
    stbRatio: num("stb-ratio", a["stb-ratio"]),
  });
  const world = worldOf(plan);
  if (a["export-topology"]) writeFileSync(a["export-topology"], topologyCsv(world));
  if (a["export-lineup"]) writeFileSync(a["export-lineup"], lineupCsv(world));
  if (a["export-optouts"]) writeFileSync(a["export-optouts"], optOutsCsv(world));
  process.exit(0);
}

const log = pino({ level: a["log-level"], base: { app: "vantage-sim" } });
const fleet = await startFleet({
  acsUrl: a.acs,
  devices: num("devices", a.devices),
  seed: num("seed", a.seed),
  stbRatio: num("stb-ratio", a["stb-ratio"]),
  periodic: Math.max(1, num("periodic", a.periodic)),
  username: a.username,
  password: a.password,
  perDeviceCredentials: a["per-device-credentials"],
  crHost: a["cr-host"],
  crPort: num("cr-port", a["cr-port"]),
  faultRate: num("fault-rate", a["fault-rate"]),
  latencyMs: num("latency-ms", a["latency-ms"]),
  bootStorm: a["boot-storm"],
  // Default 50 simultaneous sessions; --boot-storm: all devices at once.
  concurrency: a.concurrency !== undefined ? Math.max(1, num("concurrency", a.concurrency)) : undefined,
  scenario: a.scenario !== undefined ? loadScenario(a.scenario) : undefined,
  backfillHours: num("backfill-hours", a["backfill-hours"]),
  bulkDataMinInterval:
    a["bulkdata-min-interval"] !== undefined
      ? num("bulkdata-min-interval", a["bulkdata-min-interval"])
      : undefined,
  retryScale: num("retry-scale", a["retry-scale"]),
  localUtcOffsetHours: Number(a["utc-offset"]),
  firmware: {
    faults: parseFaultRates(a["fw-fail"]),
    requireSignature: !a["fw-unsigned-ok"],
    multicast: {
      interfaceAddress: a["fw-multicast-if"],
      timeoutMs: num("fw-multicast-timeout", a["fw-multicast-timeout"]) * 1000,
    },
    trustedKeys: a["fw-trust"]
      ? a["fw-trust"].split(",").map((f) => readFileSync(f.trim(), "utf8"))
      : undefined,
  },
  stun: {
    enabled: a.stun || a["stun-server"] !== undefined,
    server: a["stun-server"],
    assumeNat: a["stun-assume-nat"],
  },
  log,
});
log.info({ devices: fleet.devices.length, acs: a.acs, connectionRequests: fleet.crBase }, "fleet started");

const summary = setInterval(
  () =>
    log.info(
      { ...fleet.counters, bulkData: { ...fleet.bulkData }, stun: { ...fleet.stunCounters } },
      "summary",
    ),
  10_000,
);
let stopped = false;
const stop = async (why: string): Promise<void> => {
  if (stopped) return;
  stopped = true;
  clearInterval(summary);
  await fleet.stop();
  log.info({ ...fleet.counters, why }, "fleet stopped");
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
if (a.duration !== undefined) setTimeout(() => void stop("duration"), num("duration", a.duration) * 1000);
