// End-to-end tests against the real server (server/main.ts) on a fresh data directory. Run
// `npm run build` first: the server serves the production Next build.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import {
  ADMIN_PASSWORD,
  BASE_URL,
  CPE_PASSWORD,
  CPE_USERNAME,
  CWMP_PORT,
  DATA_DIR_ENV,
  FILE_PORT,
  BULKDATA_PORT,
  NAT_LAB_SUBNET,
  OMADM_PASSWORD,
  OMADM_PORT,
  PORT,
  STUN_PORT,
} from "./e2e/support/constants";

// Workers re-evaluate this file; the directory made by the runner process reaches them through the env.
process.env[DATA_DIR_ENV] ??= mkdtempSync(path.join(tmpdir(), "vantage-e2e-"));
const dataDir = process.env[DATA_DIR_ENV];

export default defineConfig({
  testDir: "e2e",
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: "test-results",
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    browserName: "chromium",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "npx tsx server/main.ts",
    cwd: import.meta.dirname,
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      DATA_DIR: dataDir,
      PORT: String(PORT),
      CWMP_PORT: String(CWMP_PORT),
      FILE_PORT: String(FILE_PORT),
      BULKDATA_PORT: String(BULKDATA_PORT),
      ADMIN_PASSWORD,
      CWMP_AUTH: "digest",
      CWMP_USERNAME: CPE_USERNAME,
      CWMP_PASSWORD: CPE_PASSWORD,
      HOST: "127.0.0.1",
      // The simulator's connection-request listeners are on loopback, refused unless allowed; UDP
      // connection requests go to the public mappings of the NAT journey's homes (its lab's /24).
      CONNECTION_REQUEST_ALLOWED_NETWORKS: `127.0.0.0/8,${NAT_LAB_SUBNET}.0/24`,
      // TR-111 STUN on loopback; the NAT journey's lab forwards its bridge address here (DNAT), and
      // hands the boxes that address as the STUN server.
      STUN_ENABLED: "true",
      STUN_PORT: String(STUN_PORT),
      STUN_PUBLIC_ADDRESS: `${NAT_LAB_SUBNET}.1`,
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      // The audience journey's fleet is a few dozen households, not thousands: with the default k = 10
      // nearly every cell would be suppressed, so the e2e server publishes cells from 3 households on.
      AUDIENCE_K: "3",
      // The NOC journey waits for an incident and an alarm: evaluated every 10 s, not every minute, the
      // wait is the data's, not the loop's phase (CI: the journey took 1.1 to 3.0 min at 60 s).
      MONITORING_EVALUATE_SECONDS: "10",
      // Local days and dayparts in a zone that is not UTC, so the journey exercises the conversion.
      AUDIENCE_TIME_ZONE: "Europe/Paris",
      // Multicast waves' carousels leave by the bridge of the lab e2e/firmware-wave-multicast.spec.ts
      // builds (10.251.78.0/24), never by another interface; without the lab a session fails to start.
      FLUTE_SOURCE_ADDRESS: "10.251.78.1",
      FLUTE_INTERFACE_ADDRESS: "10.251.78.1",
      FLUTE_GROUPS: "239.255.78.0/24",
      FLUTE_PORT: "4078",
      // OMA DM for the mobile journey (e2e/mobile-journey.spec.ts): simulated mobiles on loopback.
      OMADM_ENABLED: "true",
      OMADM_PORT: String(OMADM_PORT),
      OMADM_DEFAULT_CLIENT_PASSWORD: OMADM_PASSWORD,
    },
  },
});
