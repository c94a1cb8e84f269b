// The file server (FILE_PORT; HTTPS when FILE_TLS_CERT/KEY are set): images to the devices holding a
// grant for them, CPE uploads, the public feed. Nothing else: other paths 404, other methods 405,
// a GET with a body 400, slow senders cut off by the header/request timeouts. A handler error is a 500
// for that request, never a crash.
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { trackOwnListener } from "../../cwmp/transport/address-guard";
import { settings } from "../../env";
import { logger } from "../../logger";
import { appSecret } from "../../secrets";
import { setFileServerUrl } from "../file-base";
import type { AuthContext } from "./auth";
import { serveFeed } from "./feed";
import { serveImage } from "./images";
import { bucketForMbps, type TokenBucket } from "./token-bucket";
import { receiveUpload } from "./upload";

export interface FileServer {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

const IMAGE_PATH = /^\/images\/(\d{1,9})\/([^/]{1,400})$/;
const UPLOAD_PATH = /^\/uploads\/([A-Za-z0-9_-]{1,64})$/;

/** Listens on `port` (default FILE_PORT; 0 = any free port). */
export async function startFileServer(port?: number): Promise<FileServer> {
  const s = settings();
  const tls = s.FILE_TLS_CERT !== undefined && s.FILE_TLS_KEY !== undefined;
  const ctx: AuthContext & { bucket: TokenBucket | null } = {
    nonceKey: await appSecret("file-nonce-key"),
    tls,
    bucket: bucketForMbps(s.FILE_MAX_MBPS),
  };
  const log = logger("file-server");
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    route(req, res, ctx).catch((err: unknown) => {
      log.error({ err, method: req.method, path: (req.url ?? "").split("?")[0] }, "file request failed");
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  };
  const server = tls
    ? https.createServer(
        { cert: readFileSync(s.FILE_TLS_CERT!), key: readFileSync(s.FILE_TLS_KEY!) },
        handler,
      )
    : http.createServer(handler);
  // An upload's Expect: 100-continue is answered by the handler once the sender is authenticated.
  server.on("checkContinue", handler);
  server.headersTimeout = 15_000;
  // The whole request: a 64 MiB upload over a slow link, not a connection held open forever.
  server.requestTimeout = 15 * 60_000;
  server.keepAliveTimeout = 5_000;
  // An idle socket (a stalled CPE mid-download) is closed after a minute without progress.
  server.setTimeout(60_000, (socket) => socket.destroy());
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });

  const bound = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port ?? s.FILE_PORT, s.HOST, () => {
      server.off("error", reject);
      trackOwnListener(server);
      resolve((server.address() as AddressInfo).port);
    });
  });
  const host = s.HOST === "0.0.0.0" || s.HOST === "::" ? "127.0.0.1" : s.HOST;
  const url = `${tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${bound}`;
  setFileServerUrl(url);
  log.info({ url, capMbps: s.FILE_MAX_MBPS }, "file server listening");
  return {
    url,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  ctx: AuthContext & { bucket: TokenBucket | null },
): Promise<void> {
  const target = req.url ?? "";
  if (!target.startsWith("/")) return void res.writeHead(400).end();
  const q = target.indexOf("?");
  const pathname = q < 0 ? target : target.slice(0, q);
  const method = req.method ?? "";
  const image = IMAGE_PATH.exec(pathname);
  const upload = UPLOAD_PATH.exec(pathname);
  const feed = pathname === "/feed.json";
  if (!image && !upload && !feed) return void res.writeHead(404).end();

  if (image || feed) {
    if (method !== "GET" && method !== "HEAD") return void res.writeHead(405, { Allow: "GET, HEAD" }).end();
    // A GET carries no body: one announced is refused rather than left unread on the connection.
    if (req.headers["transfer-encoding"] || Number(req.headers["content-length"] ?? 0) > 0) {
      res.shouldKeepAlive = false;
      return void res.writeHead(400, { Connection: "close" }).end();
    }
    if (feed) return serveFeed(req, res, new URLSearchParams(q < 0 ? "" : target.slice(q + 1)));
    let name: string;
    try {
      name = decodeURIComponent(image![2]!);
    } catch {
      return void res.writeHead(404).end();
    }
    return serveImage(req, res, { imageId: Number(image![1]), name }, ctx);
  }
  if (method !== "PUT" && method !== "POST") {
    res.shouldKeepAlive = false;
    return void res.writeHead(405, { Allow: "PUT, POST", Connection: "close" }).end();
  }
  return receiveUpload(req, res, upload![1]!, ctx);
}
