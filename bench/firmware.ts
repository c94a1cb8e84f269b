// `npm run bench:firmware -- [--devices 5000] [--size-mb 50] [--concurrent 200] [--timeout-min 40]`
// A firmware wave on loopback: the ACS (this process: startServer with its file server, on PostgreSQL
// — a throw-away cluster, or BENCH_DATABASE_URL) upgrades a simulated fleet (a child process:
// sim/main.ts) with one signed image. Reported: wave wall time (start → done), ACS CPU per upgrade
// (this process: ACS + file server + wave engine; PostgreSQL's and the simulator's separately), the
// file server's throughput (bytes served / transfer time), peak RSS of the ACS and of the simulator.
// Bounded: the devices, the image size and the wall time are capped.
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createReadStream, readFileSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { digestAuthorization, parseAuthorization } from "../server/cwmp/transport/digest";
import { db } from "../server/db";
import { fileServerUrl, imagePath } from "../server/firmware/file-base";
import { issueGrant } from "../server/firmware/grants";
import { storeDir } from "../server/firmware/paths";
import type { FirmwareImage } from "../server/generated/prisma/client";
import { createWave } from "../server/firmware/waves/actions";
import { waveFailures } from "../server/firmware/waves/queries";
import { startTestServer, waitFor } from "../tests/support/test-server";
import { addTestImage } from "../tests/support/firmware";
import { cpuMeter } from "./cpu";
import { openBenchDatabase } from "./postgres";
import { parseVmRss } from "./stats";

const { values } = parseArgs({
  options: {
    devices: { type: "string", default: "5000" },
    "size-mb": { type: "string", default: "50" },
    concurrent: { type: "string", default: "200" },
    "timeout-min": { type: "string", default: "40" },
  },
});
function bounded(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be ${min}..${max}`);
  return n;
}
const DEVICES = bounded("devices", values.devices, 1, 20_000);
const SIZE = Math.round(bounded("size-mb", values["size-mb"], 0.01, 500) * 2 ** 20);
const CONCURRENT = bounded("concurrent", values.concurrent, 1, 5_000);
const TIMEOUT_MS = bounded("timeout-min", values["timeout-min"], 1, 180) * 60_000;

/**
 * The file server alone: `parallel` Digest-authenticated downloads of the image at once (each with its
 * own transfer grant, as CPEs get them), bodies read and dropped; MiB/s over the slowest one.
 */
async function fileServerThroughput(image: FirmwareImage, parallel: number) {
  const devices = await db().device.findMany({ take: parallel, select: { id: true } });
  const grants = await db().$transaction((tx) =>
    Promise.all(
      devices.map((d) => issueGrant(tx, { deviceId: d.id, purpose: "download", imageId: image.id })),
    ),
  );
  const url = fileServerUrl() + imagePath(image);
  const { pathname } = new URL(url);
  const t0 = performance.now();
  const bytes = await Promise.all(
    grants.map(async ({ username, password }) => {
      const first = await fetch(url);
      await first.body?.cancel();
      const challenge = parseAuthorization(first.headers.get("www-authenticate") ?? undefined);
      if (challenge?.scheme !== "Digest") throw new Error(`no Digest challenge (${first.status})`);
      const authorization = digestAuthorization({
        method: "GET",
        uri: pathname,
        username,
        password,
        challenge: challenge.params,
      });
      const res = await fetch(url, { headers: { authorization } });
      if (res.status !== 200 || !res.body) throw new Error(`download: HTTP ${res.status}`);
      return drain(res.body);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { downloads: bytes.length, mibPerS: bytes.reduce((a, b) => a + b, 0) / 2 ** 20 / seconds };
}

async function drain(body: ReadableStream<Uint8Array>): Promise<number> {
  const reader = body.getReader();
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return n;
    n += value.byteLength;
  }
}

/** The ceiling in the same run: a bare node:http server streaming the same file, no auth, no counts. */
async function bareThroughput(file: string, parallel: number) {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-length": statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const t0 = performance.now();
  const bytes = await Promise.all(
    Array.from({ length: parallel }, async () => {
      const res = await fetch(url);
      if (!res.body) throw new Error("no body");
      return drain(res.body);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  server.close();
  return bytes.reduce((a, b) => a + b, 0) / 2 ** 20 / seconds;
}

const say = (line: string) => process.stderr.write(`${line}\n`);
const rss = (pid: number) => {
  try {
    return parseVmRss(readFileSync(`/proc/${pid}/status`, "utf8")) ?? 0;
  } catch {
    return 0;
  }
};

const database = await openBenchDatabase();
if ("skipped" in database) throw new Error(`PostgreSQL needed: ${database.skipped}`);
process.env.TEST_DATABASE_URL = database.url;
const server = await startTestServer({
  CWMP_AUTH: "none",
  CONNECTION_REQUEST_TIMEOUT_MS: "3000",
  LOG_LEVEL: "warn",
});
say(`ACS ${server.cwmpUrl} on ${database.description}`);
const sim = spawn(
  process.execPath,
  [
    "--import",
    "tsx",
    "sim/main.ts",
    "--acs",
    server.cwmpUrl,
    "--devices",
    String(DEVICES),
    "--periodic",
    "3600",
    "--concurrency",
    "200",
    "--retry-scale",
    "0.05",
    "--log-level",
    "warn",
    "--duration",
    String(TIMEOUT_MS / 1000 + 600),
  ],
  { cwd: new URL("..", import.meta.url).pathname, stdio: ["ignore", "ignore", "inherit"] },
);
const peak = { acs: 0, sim: 0 };
const sampler = setInterval(() => {
  peak.acs = Math.max(peak.acs, rss(process.pid));
  peak.sim = Math.max(peak.sim, rss(sim.pid ?? 0));
}, 500);
try {
  const started = Date.now();
  await waitFor(
    async () =>
      (await db().device.count({ where: { lastInform: { informedAt: { not: null } } } })) >= DEVICES,
    15 * 60_000,
    2000,
  );
  say(`${DEVICES} devices bootstrapped in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const image = await addTestImage({ version: "88.0.0", size: SIZE });
  const admin = await db().operator.findFirstOrThrow({ where: { role: "admin" } });
  const acsCpu = process.cpuUsage();
  const meter = cpuMeter(sim.pid ?? 0);
  const t0 = Date.now();
  const { id } = await createWave(admin, {
    name: "bench",
    imageId: image.id,
    filter: {},
    plan: {
      canary: { count: Math.min(50, DEVICES) },
      stages: [{ percent: 100 }],
      waitMinutes: 0,
      maxConcurrent: CONCURRENT,
      perMinute: 1_000_000,
      verifyMinutes: 60,
      maxFailures: 1_000_000,
      failureRatio: 1,
    },
    start: true,
  });
  await waitFor(
    async () => (await db().wave.findUnique({ where: { id } }))?.state === "done",
    TIMEOUT_MS,
    2000,
  );
  const wallS = (Date.now() - t0) / 1000;
  const cpu = process.cpuUsage(acsCpu);
  const shares = meter();
  const states = await db().waveDevice.groupBy({ by: ["state"], where: { waveId: id }, _count: true });
  const served = await db().firmwareImage.findUniqueOrThrow({ where: { id: image.id } });
  const verified = states.find((s) => s.state === "verified")?._count ?? 0;
  const mb = Number(served.bytesServed) / 2 ** 20;
  const lines = [
    `devices ${DEVICES}, image ${(SIZE / 2 ** 20).toFixed(1)} MiB, at most ${CONCURRENT} downloads at once`,
    `outcomes: ${states.map((s) => `${s.state} ${s._count}`).join(", ")}`,
    ...(await waveFailures(id)).byReason.map((r) => `  failed: ${r.faultCode ?? ""} ${r.reason} ×${r.count}`),
    `wave wall time ${wallS.toFixed(0)} s (${(verified / wallS).toFixed(1)} upgrades/s)`,
    `ACS CPU (this process: CWMP, file server, wave engine) ${((cpu.user + cpu.system) / 1000 / Math.max(verified, 1)).toFixed(1)} ms per upgrade`,
    `file server: ${served.downloads} downloads, ${mb.toFixed(0)} MiB served, ${(mb / wallS).toFixed(0)} MiB/s over the wave`,
    `CPU shares during the wave: ${JSON.stringify(shares)}`,
    `peak RSS: ACS ${(peak.acs / 2 ** 20).toFixed(0)} MiB, simulator ${(peak.sim / 2 ** 20).toFixed(0)} MiB`,
  ];
  for (const l of lines) process.stdout.write(`${l}\n`);
  // Alternated twice (bare first), the better of each kept: the page cache and the JIT are warm for
  // both, and one noisy moment on a shared machine does not decide the ratio.
  const parallel = Math.min(CONCURRENT, 32);
  const file = path.join(storeDir("images"), image.storageName);
  let acs = 0;
  let bare = 0;
  for (let round = 0; round < 2; round++) {
    bare = Math.max(bare, await bareThroughput(file, parallel));
    acs = Math.max(acs, (await fileServerThroughput(image, parallel)).mibPerS);
  }
  process.stdout.write(
    `file server alone: ${parallel} parallel full downloads, ${acs.toFixed(0)} MiB/s; bare node:http on the same file ${bare.toFixed(0)} MiB/s (ratio ${(acs / bare).toFixed(2)})\n`,
  );
} finally {
  clearInterval(sampler);
  sim.kill("SIGTERM");
  await server.close();
  await database.close();
}
