// Starts one Vantage process: store + migrations, the CWMP listener(s), the Next.js console with
// /api/health, and the background loops. server/main.ts runs it; tests and the demo start it in-process.
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ensureFirstAdmin } from "./auth/bootstrap";
import { loadImportedFacts, MAX_IMPORT_BYTES } from "./datamodel/imports";
import { startBulkRunner } from "./bulk/runner";
import { heldJobNames } from "./cluster/held-jobs";
import { startNodeHeartbeat } from "./cluster/node-heartbeat";
import { startSingleton, startSingletonSweep } from "./cluster/singleton";
import { trackOwnListener } from "./cwmp/transport/address-guard";
import { AdmissionControl, defaultMaxSessions } from "./cwmp/session/admission-control";
import { onSessionEnded } from "./cwmp/session/live-sessions";
import { addListenerCopies, type ListenerCopies } from "./cwmp/transport/listener-copies";
import { createCwmpServer, type CwmpServer } from "./cwmp/transport/server";
import { openStore, type Store } from "./database/connect";
import { db } from "./db";
import { createCwmpBackend } from "./devices/cwmp-backend";
import { nodeId, releaseLocksOwnedBy } from "./devices/session-locks";
import { wakeDevice } from "./devices/wake";
import type { Settings } from "./env";
import { logger } from "./logger";
import { cwmpMetricsObserver } from "./observability/cwmp-observer";
import { reportRetrySchedule } from "./observability/collectors";
import { REQUEST_ID_HEADER, requestIdFrom } from "./observability/request-id";
import { startFileServer } from "./firmware/file-server";
import { startAudience } from "./audience/service";
import { startMonitoring } from "./monitoring/service";
import { startNorthbound } from "./nbi/service";
import { sweepStaleUploads } from "./firmware/images/ingest";
import { startWaveEngine } from "./firmware/waves/engine";
import { startFluteRunner } from "./firmware/multicast/runner";
import { startFluteSender } from "./flute/sender";
import { startHousehold } from "./household/service";
import { startProfiles } from "./profiles/service";
import { startStun } from "./stun/service";
import { startOmaDm } from "./mobile/service";
import { createInformPartitions, startInformPartitions } from "./retention/inform-partitions";
import { startRetention } from "./retention/retention";
import { sealLegacySecretsOnce } from "./seal-legacy-secrets";
import { secretsKey } from "./secrets-file";
import { appSecret } from "./secrets";
import { startQueuedListener } from "./tasks/queued-listener";
import { expireOverdueTasks, taskEvents } from "./tasks/service";
import { bodyLimitFor, limitRequestBody } from "./web/body-limit";
import { clientAddress, stampClientAddress } from "./web/client-address";
import { securityHeaders } from "./web/headers";

export interface StartOptions {
  settings: Settings;
  /** Serve the Next.js console (off for CWMP-only tests and benchmarks). */
  web?: boolean;
  /** Size of the database connection pool. */
  poolSize?: number;
}

export interface RunningServer {
  store: Store;
  cwmp: CwmpServer;
  cwmpUrl: string;
  cwmpTlsUrl?: string;
  /** Further descriptors of the plain CWMP listener's socket (CWMP_ACCEPTS_PER_TURN). */
  cwmpListenerCopies: ListenerCopies;
  fileUrl: string;
  /** The BulkData collector CPEs post reports to */
  collectorUrl: string;
  /** The STUN listener's UDP port (TR-111), when STUN_ENABLED */
  stunPort?: number;
  /** The OMA DM listener's URL (mobiles), when OMADM_ENABLED */
  omadmUrl?: string;
  webUrl?: string;
  adminLogin: { username: string; generatedPassword?: string };
  close(): Promise<void>;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const s = options.settings;
  const log = logger("server");
  const store = await openStore({
    databaseUrl: s.DATABASE_URL,
    directDatabaseUrl: s.DIRECT_DATABASE_URL,
    readDatabaseUrl: s.READ_DATABASE_URL,
    pooler: s.DATABASE_POOLER,
    dataDir: s.DATA_DIR,
    poolSize: options.poolSize,
  });
  // The key that seals stored credentials: a missing file is created, a broken one stops start-up here
  // (not at the first connection request).
  secretsKey();
  const adminLogin = await ensureFirstAdmin(s.ADMIN_PASSWORD);
  // Vendor data models imported by operators extend the facts every lookup uses.
  await loadImportedFacts();

  // Task-queued signals (tasks/queued-listener.ts) let a periodic session with no work skip its claim.
  // PostgreSQL only, on a direct connection (a transaction-mode pgbouncer cannot keep a LISTEN); on
  // the embedded store every session claims.
  const listenUrl = store.embedded
    ? undefined
    : (s.DIRECT_DATABASE_URL ?? (s.DATABASE_POOLER === "pgbouncer-transaction" ? undefined : store.url));
  const queuedListener = listenUrl ? startQueuedListener(listenUrl) : undefined;

  // After a crash, the session locks this node held would refuse its devices for a lock lifetime.
  // Released in the background (a scan of the device table must not delay start-up); only locks
  // older than this start, so none this run takes.
  const startedAt = new Date();
  releaseLocksOwnedBy(nodeId(), startedAt).then(
    (released) => {
      if (released > 0)
        log.warn({ node: nodeId(), released }, "released session locks left by this node's previous run");
    },
    (err: unknown) => log.warn({ err }, "could not release this node's old session locks"),
  );

  // Credentials stored in clear by a release before encryption at rest; a scan in batches, so in the
  // background. Until it reaches a row, that row is still read correctly (plaintext passes through).
  sealLegacySecretsOnce().catch((err: unknown) =>
    log.warn({ err }, "could not seal credentials stored in clear"),
  );

  // The days' Inform event partitions exist before the first Inform (the singleton job below keeps
  // them ahead): a row written while its day's partition is missing lands in DEFAULT and moves when
  // the partition is created, and a read waiting behind that move may miss it (a query fixes the
  // partitions it scans before it waits for their locks). Safe on several nodes starting at once.
  await createInformPartitions().catch((err: unknown) =>
    log.warn({ err }, "could not create the inform event partitions at start"),
  );

  // Domains that react to sessions subscribe before the listener opens.
  const profiles = startProfiles();
  // STUN (TR-111): bindings of NATed devices, and the socket UDP connection requests leave from.
  const stun = await startStun(s);
  // TR-111 association: a gateway's ManageableDevice table, re-read when it notifies a change.
  const household = startHousehold();
  const backend = createCwmpBackend();
  const maxSessions =
    s.CWMP_MAX_SESSIONS ?? defaultMaxSessions(store.embedded ? 1 : (options.poolSize ?? 20));
  const admission = new AdmissionControl({
    maxSessions,
    line: { capacity: s.CWMP_ADMISSION_QUEUE ?? maxSessions, maxWaitMs: s.CWMP_ADMISSION_WAIT_MS },
    retryAfter: { baseSeconds: s.CWMP_RETRY_AFTER, spreadSeconds: s.CWMP_RETRY_AFTER_SPREAD },
    maxRetryAfterSeconds: s.CWMP_RETRY_AFTER_MAX,
    maxEventLoopDelayMs: s.CWMP_MAX_EVENT_LOOP_DELAY_MS,
    log: logger("cwmp"),
  });
  reportRetrySchedule(() => admission.scheduleSeconds());
  // Each session's end hands its slot to the longest-waiting Inform (admission-line.ts).
  const stopHandingOn = onSessionEnded(() => admission.sessionEnded());
  const cwmpOptions = {
    backend,
    auth: {
      mode: s.CWMP_AUTH,
      realm: s.CWMP_REALM,
      shared:
        s.CWMP_USERNAME && s.CWMP_PASSWORD
          ? { username: s.CWMP_USERNAME, password: s.CWMP_PASSWORD }
          : undefined,
      nonceKey: await appSecret("cwmp-nonce-key"),
      nonceMaxAgeMs: s.CWMP_NONCE_LIFETIME * 1000,
      allowBasicWithoutTls: s.CWMP_ALLOW_BASIC_WITHOUT_TLS,
    },
    // Behind HAProxy (TRUSTED_PROXIES), the CPE's address is the one X-Forwarded-For names.
    clientAddress: (req: http.IncomingMessage) =>
      clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], s.TRUSTED_PROXIES),
    maxBodyBytes: s.CWMP_MAX_BODY_BYTES,
    // A GetParameterNames answer is 3 elements a name: room for the configured maximum (the answer
    // is then refused as a task fault by its check, not as unparseable XML), bounded by the body size.
    xmlLimits: {
      maxBytes: s.CWMP_MAX_BODY_BYTES,
      maxElements: Math.max(200_000, 3 * s.CWMP_MAX_PARAMETER_NAMES + 10_000),
    },
    sessionTimeoutMs: s.CWMP_SESSION_TIMEOUT * 1000,
    shutdownGraceMs: s.CWMP_SHUTDOWN_GRACE * 1000,
    log: logger("cwmp"),
    // Sessions, request latency and 503 refusals for GET /metrics.
    observer: cwmpMetricsObserver(),
    // Boot storms: sessions beyond the node's limit are refused with 503 + a scheduled Retry-After.
    admission,
  };
  const cwmp = createCwmpServer(cwmpOptions);
  const cwmpPort = await listen(cwmp.server, s.CWMP_PORT, s.HOST);
  const cwmpCopies = acceptMore(cwmp, s.CWMP_ACCEPTS_PER_TURN);
  const host = s.HOST === "0.0.0.0" || s.HOST === "::" ? "127.0.0.1" : s.HOST;
  const cwmpUrl = `http://${host}:${cwmpPort}/`;

  let cwmpTls: CwmpServer | undefined;
  let cwmpTlsUrl: string | undefined;
  if (s.CWMP_TLS_PORT !== undefined && s.CWMP_TLS_CERT && s.CWMP_TLS_KEY) {
    cwmpTls = createCwmpServer({
      ...cwmpOptions,
      tls: {
        cert: readFileSync(s.CWMP_TLS_CERT),
        key: readFileSync(s.CWMP_TLS_KEY),
        // Client certificates signed by this CA, bound to each Inform's device.
        ca: s.CWMP_TLS_CA ? readFileSync(s.CWMP_TLS_CA) : undefined,
      },
    });
    cwmpTlsUrl = `https://${host}:${await listen(cwmpTls.server, s.CWMP_TLS_PORT, s.HOST)}/`;
    acceptMore(cwmpTls, s.CWMP_ACCEPTS_PER_TURN);
  }
  // Images, CPE uploads and the feed (FILE_PORT); its URL goes into every Download this process queues.
  const files = await startFileServer(s.FILE_PORT);
  // Monitoring: the BulkData collector (BULKDATA_PORT), polled statistics, rollups, alarms, incidents.
  const monitoring = await startMonitoring(s.BULKDATA_PORT);
  // Audience measurement: viewing sessions from monitoring's readings, k-anonymous published cells.
  const audience = startAudience();
  // Northbound: webhook deliveries from the outbox, idempotency-key expiry (REST is served by Next).
  const northbound = startNorthbound();
  // OMA DM (mobiles): its own listener, package 0 wake-ups for DM tasks.
  const omadm = await startOmaDm(s, listen);

  const onQueued = (deviceId: number): void => {
    wakeDevice(deviceId).catch((err: unknown) => log.warn({ err, deviceId }, "wake failed"));
  };
  taskEvents.on("queued", onQueued);
  // Cluster-wide loops run on one node at a time, taken over by another when it dies
  // (server/cluster/singleton.ts); listeners and per-session work run on every node.
  // Other nodes take this node's device locks over once this lapses (it died), not after the locks do.
  const heartbeat = await startNodeHeartbeat();
  const expiry = startSingletonSweep(
    "task-expiry",
    60_000,
    () => expireOverdueTasks(),
    (err) => log.warn({ err }, "task expiry sweep failed"),
  );
  const bulkRunner = startSingleton("bulk-runner", () => startBulkRunner());
  const waveEngine = startSingleton("wave-engine", () => startWaveEngine());
  // Multicast waves' FLUTE carousels: each session's sender on the one node holding its lease.
  const fluteRunner = startFluteRunner({ startSender: startFluteSender });
  const retention = startSingleton("retention", () => startRetention());
  // Inform events' day partitions, created ahead of the days they hold.
  const informPartitions = startSingleton("inform-partitions", () => startInformPartitions());
  // Uploads interrupted by a crash left temp files behind.
  sweepStaleUploads().catch((err: unknown) => log.warn({ err }, "could not sweep stale image uploads"));

  let web: http.Server | undefined;
  let webUrl: string | undefined;
  if (options.web !== false) {
    process.env.NEXTAUTH_SECRET ??= await appSecret("nextauth-secret");
    const webPort = await startWeb(s, (server) => (web = server));
    webUrl = s.PUBLIC_URL ?? `http://${host === "127.0.0.1" ? "localhost" : host}:${webPort}`;
  }
  log.info({ cwmpUrl, cwmpTlsUrl, webUrl, embedded: store.embedded }, "Vantage started");

  return {
    store,
    cwmp,
    cwmpUrl,
    cwmpTlsUrl,
    cwmpListenerCopies: cwmpCopies,
    fileUrl: files.url,
    collectorUrl: monitoring.collectorUrl,
    stunPort: stun.port,
    omadmUrl: omadm.url,
    webUrl,
    adminLogin,
    async close() {
      taskEvents.off("queued", onQueued);
      await Promise.all([
        expiry.stop(),
        bulkRunner.stop(),
        waveEngine.stop(),
        fluteRunner.stop(),
        retention.stop(),
        informPartitions.stop(),
        monitoring.stop(),
        audience.stop(),
        northbound.stop(),
      ]);
      await Promise.all([cwmp.close(), cwmpTls?.close(), files.close(), stun.stop(), omadm.stop()]);
      await queuedListener?.close();
      stopHandingOn();
      // After the sessions' grace: until then this node's locks are its live sessions'.
      await heartbeat.stop();
      profiles.stop();
      household.stop();
      if (web) {
        const server = web;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      }
      await store.close();
      log.info("Vantage stopped");
    },
  };
}

async function startWeb(s: Settings, keep: (server: http.Server) => void): Promise<number> {
  const { default: next } = await import("next");
  const dev = s.NODE_ENV === "development";
  process.env.NEXTAUTH_URL ??= s.PUBLIC_URL ?? `http://localhost:${s.PORT}`;
  const app = next({ dev, dir: process.cwd(), hostname: "localhost", port: s.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const headers = securityHeaders(dev);
  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    // One id per request, echoed to the caller and readable by route handlers (X-Request-Id).
    const reqId = requestIdFrom(req.headers);
    req.headers[REQUEST_ID_HEADER] = reqId;
    res.setHeader("X-Request-Id", reqId);
    const limit = bodyLimitFor(req.url ?? "/", s.WEB_MAX_BODY_BYTES, 2 * MAX_IMPORT_BYTES + 64 * 1024);
    if (!limitRequestBody(req, res, limit)) return;
    stampClientAddress(req, s.TRUSTED_PROXIES);
    if (req.url === "/api/health") {
      void health().then((ok) => {
        res
          .writeHead(ok ? 200 : 503, { "Content-Type": "application/json" })
          // The node and the singleton jobs it runs: operators and HAProxy checks see who does what.
          .end(
            JSON.stringify({
              status: ok ? "ok" : "database unavailable",
              node: nodeId(),
              jobs: heldJobNames(),
            }),
          );
      });
      return;
    }
    handle(req, res).catch((err: unknown) => {
      logger("web").error({ err, url: req.url, reqId }, "request failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  keep(server);
  const port = await listen(server, s.PORT, s.HOST);
  if (s.PORT === 0) process.env.NEXTAUTH_URL = s.PUBLIC_URL ?? `http://localhost:${port}`;
  return port;
}

async function health(): Promise<boolean> {
  try {
    await db().$queryRawUnsafe("SELECT 1");
    return true;
  } catch {
    return false;
  }
}

/**
 * Boot storms: thousands of CPEs connect in the same second. Node's default backlog (511) drops the rest
 * of their SYNs, and each dropped CPE waits 1, 3, 7, 15, 31 s for its retransmissions: its Inform times
 * out before the node even sees it. The kernel caps this at net.core.somaxconn.
 */
const LISTEN_BACKLOG = 16_384;

/** A CWMP listener accepts up to `perTurn` connections per turn of the loop (listener-copies.ts). */
function acceptMore(cwmp: CwmpServer, perTurn: number): ListenerCopies {
  const copies = addListenerCopies(cwmp.server, perTurn - 1, LISTEN_BACKLOG, logger("cwmp"));
  cwmp.stopListeningWith(() => copies.close());
  return copies;
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off("error", reject);
      // Connection requests are never sent to the ACS's own listeners (address-guard.ts).
      trackOwnListener(server);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
