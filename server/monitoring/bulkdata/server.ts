// The BulkData collector (BULKDATA_PORT; HTTPS when BULKDATA_TLS_CERT/KEY are set): CPEs POST (or PUT)
// reports as TR-181 BulkData over HTTP defines them. Layered like server/cwmp: authenticate -> read the
// bounded body -> decode (JSON / CSV) and check -> ingest (collect/). A refused report stores nothing;
// a handler error is a 500 for that request (the CPE retries), never a crash or another device's loss.
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { trackOwnListener } from "../../cwmp/transport/address-guard";
import { settings } from "../../env";
import { logger } from "../../logger";
import { observeBulkdataReport } from "../../observability/metrics";
import { appSecret } from "../../secrets";
import { registerServerReference } from "../../../lib/profiles/references";
import { clockOffset, correctTime } from "../collect/counters";
import { ingestReadings } from "../collect/ingest-readings";
import { authenticate, type AuthContext } from "./auth";
import { decodeBody, readRaw } from "./body";
import { BULKDATA_KEY, derivePassword } from "./credentials";
import { decodeReports } from "./decode";
import { ReportError } from "./report";

export interface BulkDataCollector {
  url: string;
  close(): Promise<void>;
}

const log = () => logger("bulkdata");

export interface CollectorOptions {
  /** PEM certificate and key; default: BULKDATA_TLS_CERT/KEY when set (null: plain HTTP) */
  tls?: { cert: Buffer; key: Buffer } | null;
}

/** Listens on `port` (0 = any free port); url = BULKDATA_PUBLIC_URL or http(s)://<host>:<port>/bulkdata. */
export async function startBulkDataCollector(
  port: number,
  options: CollectorOptions = {},
): Promise<BulkDataCollector> {
  const s = settings();
  const pem =
    options.tls !== undefined
      ? options.tls
      : s.BULKDATA_TLS_CERT !== undefined && s.BULKDATA_TLS_KEY !== undefined
        ? { cert: readFileSync(s.BULKDATA_TLS_CERT), key: readFileSync(s.BULKDATA_TLS_KEY) }
        : null;
  const tls = pem !== null;
  const ctx: AuthContext = {
    secret: await appSecret(BULKDATA_KEY),
    nonceKey: await appSecret("bulkdata-nonce-key"),
    tls,
  };
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    handle(req, res, ctx).catch((err: unknown) => {
      log().error({ err }, "bulkdata report failed");
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  };
  const server = pem ? https.createServer(pem, handler) : http.createServer(handler);
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  server.setTimeout(30_000, (socket) => socket.destroy());
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });
  const bound = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, s.HOST, () => {
      server.off("error", reject);
      trackOwnListener(server);
      resolve((server.address() as AddressInfo).port);
    });
  });
  const host = s.HOST === "0.0.0.0" || s.HOST === "::" ? "127.0.0.1" : s.HOST;
  const url =
    s.BULKDATA_PUBLIC_URL ??
    `${tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${bound}/bulkdata`;
  // Profiles hand each device this collector and its own password (${bulkdataUrl}, ${bulkdataPassword}).
  const offUrl = registerServerReference("bulkdataUrl", () => url);
  const offPassword = registerServerReference("bulkdataPassword", (d) => derivePassword(ctx.secret, d));
  log().info({ url }, "bulkdata collector listening");
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        offUrl();
        offPassword();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, ctx: AuthContext): Promise<void> {
  const method = req.method ?? "";
  const reply = (status: number, headers: Record<string, string> = {}) => {
    if (!req.complete) {
      // What was not read is not waited for: the connection closes after the answer.
      res.shouldKeepAlive = false;
      headers.Connection = "close";
      req.resume();
    }
    res.writeHead(status, headers).end();
  };
  if (method !== "POST" && method !== "PUT") return reply(405, { Allow: "POST, PUT" });
  const auth = await authenticate(req, ctx);
  if (!auth.ok) return reply(401, { "WWW-Authenticate": auth.challenge });
  const receivedAt = Date.now();
  const max = settings().BULKDATA_MAX_BODY_BYTES;
  let reports;
  try {
    const raw = await readRaw(req, max);
    const body = await decodeBody(raw, header(req, "content-encoding"), max);
    reports = decodeReports(body, header(req, "content-type"), header(req, "bbf-report-format"));
  } catch (error) {
    if (!(error instanceof ReportError)) throw error;
    log().info(
      { deviceId: auth.device.id, status: error.status, reason: error.message },
      "bulkdata report refused",
    );
    observeBulkdataReport("refused");
    return reply(error.status);
  }
  const dateHeader = header(req, "date");
  const deviceNow = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  const times = reports.map((r) => r.collectionTime).filter((t): t is number => t !== null);
  const offset = clockOffset(
    receivedAt,
    Number.isFinite(deviceNow) ? deviceNow : null,
    times.length > 0 ? Math.max(...times) : null,
  );
  if (offset !== 0) log().info({ deviceId: auth.device.id, offsetMs: offset }, "device clock skew corrected");
  const readings = reports.map((r) => ({
    at: correctTime(r.collectionTime ?? receivedAt, offset, receivedAt),
    values: r.values,
  }));
  const result = await ingestReadings(auth.device.id, readings, { source: "bulkdata", offset, receivedAt });
  log().debug({ deviceId: auth.device.id, reports: reports.length, ...result }, "bulkdata report stored");
  observeBulkdataReport("accepted");
  reply(204);
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
