// The CWMP HTTP(S) listener: body limits, session lookup (cookie, then connection), CPE
// authentication, and the translation of engine replies into HTTP. Plain node:http — the hot path
// never goes through Next.
import http from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import type { Logger } from "pino";
import { parseEnvelope, SoapError, cwmpFault } from "../soap";
import type { Envelope, FromCpe } from "../soap/types";
import type { SessionBackend } from "../session/backend";
import { SessionEngine, type Reply, type Session } from "../session/engine";
import { authenticate, type AuthConfig } from "./auth";
import { readBody, BodyTooLarge } from "./body";

export interface CwmpServerOptions {
  backend: SessionBackend;
  auth: AuthConfig;
  maxBodyBytes: number;
  sessionTimeoutMs: number;
  log: Logger;
  tls?: { cert: string | Buffer; key: string | Buffer };
}

const COOKIE = "vantage-session";
const FALLBACK_NAMESPACE = { cwmpNamespace: "urn:dslforum-org:cwmp-1-0", version: "1.0" as const };

export interface CwmpServer {
  server: http.Server;
  engine: SessionEngine;
  /** Stop accepting, let in-flight requests finish, abandon open sessions cleanly. */
  close(): Promise<void>;
}

export function createCwmpServer(options: CwmpServerOptions): CwmpServer {
  const { log } = options;
  const engine = new SessionEngine(options.backend, { sessionTimeoutMs: options.sessionTimeoutMs, log });
  // CPEs that never return cookies keep their TCP connection for the session: bind it too.
  const bySocket = new WeakMap<Socket, string>();
  let inFlight = 0;
  let closing = false;

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    inFlight++;
    handleRequest(req, res)
      .catch((err: unknown) => {
        log.error({ err }, "unhandled CWMP request error");
        if (!res.headersSent) send(res, { status: 400, ended: true });
      })
      .finally(() => inFlight--);
  };

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (closing)
      return send(res, { status: 503, headers: { "Retry-After": "30", Connection: "close" }, ended: true });
    if (req.method !== "POST") {
      res.writeHead(405, { Allow: "POST" }).end();
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, options.maxBodyBytes);
    } catch (error) {
      const tooLarge = error instanceof BodyTooLarge;
      log.warn(
        { remote: req.socket.remoteAddress, err: (error as Error).message },
        "CWMP request body rejected",
      );
      res.writeHead(tooLarge ? 413 : 400, { Connection: "close" }).end();
      req.socket.destroy();
      return;
    }
    const session = findSession(req);
    if (body.length === 0 || isBlank(body)) {
      if (!session) return send(res, { status: 204, ended: true });
      return finish(req, res, session, await engine.handle(session, null));
    }

    let envelope: Envelope<FromCpe>;
    try {
      envelope = parseEnvelope(body) as Envelope<FromCpe>;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.warn(
        { remote: req.socket.remoteAddress, deviceId: session?.deviceId, reason },
        "unparseable CWMP envelope",
      );
      if (session) await engine.abandon(session, `unparseable envelope: ${reason}`);
      const code = error instanceof SoapError ? error.faultCode : 8003;
      return finish(
        req,
        res,
        session,
        engine.faultReply(session ?? FALLBACK_NAMESPACE, cwmpFault(code, reason), true),
      );
    }

    if (envelope.body.name === "Inform") {
      // An Inform always opens a new session; a previous one on this connection is over.
      if (session) await engine.abandon(session, "new Inform on the same connection");
      const verdict = await authenticate(req, envelope.body.deviceId, options.auth, options.backend);
      if (verdict.status !== "ok") {
        log.info(
          {
            remote: req.socket.remoteAddress,
            serial: envelope.body.deviceId.serialNumber,
            reason: verdict.reason,
          },
          "CPE authentication failed",
        );
        return send(res, {
          status: 401,
          headers: verdict.challenge ? { "WWW-Authenticate": verdict.challenge } : {},
          ended: true,
        });
      }
      const fresh = engine.newSession(envelope, req.socket.remoteAddress ?? "");
      return finish(req, res, fresh, await engine.handle(fresh, envelope));
    }
    if (!session) {
      log.warn(
        { remote: req.socket.remoteAddress, message: envelope.body.name },
        "message outside a session",
      );
      return send(
        res,
        engine.faultReply(envelope, cwmpFault(8003, "No session: send an Inform first"), true),
      );
    }
    return finish(req, res, session, await engine.handle(session, envelope));
  }

  function findSession(req: http.IncomingMessage): Session | undefined {
    const fromCookie = sessionIdFromCookie(req.headers.cookie);
    const id = fromCookie ?? bySocket.get(req.socket);
    return id ? engine.sessions.get(id) : undefined;
  }

  function finish(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    session: Session | undefined,
    reply: Reply,
  ): void {
    if (session && !reply.ended) {
      bySocket.set(req.socket, session.id);
      reply.headers = { ...reply.headers, "Set-Cookie": `${COOKIE}=${session.id}; Path=/` };
    } else {
      bySocket.delete(req.socket);
    }
    send(res, reply);
  }

  const server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handler)
    : http.createServer(handler);
  server.keepAliveTimeout = options.sessionTimeoutMs;
  server.headersTimeout = Math.min(options.sessionTimeoutMs, 60_000) + 1000;
  server.requestTimeout = options.sessionTimeoutMs + 5000;
  server.on("clientError", (err, socket) => {
    log.debug({ err: err.message }, "CWMP client error");
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
  });

  const sweeper = setInterval(
    () => void engine.sweep().catch((err: unknown) => log.error({ err }, "sweep failed")),
    1000,
  );
  sweeper.unref();

  return {
    server,
    engine,
    async close() {
      closing = true;
      clearInterval(sweeper);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      const deadline = Date.now() + 5000;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await engine.abandonAll("shutdown");
    },
  };
}

interface HttpReply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

function send(res: http.ServerResponse, reply: HttpReply & { ended?: boolean }): void {
  const headers: Record<string, string | number> = { ...reply.headers };
  if (reply.body !== undefined) {
    headers["Content-Type"] = 'text/xml; charset="utf-8"';
    headers["Content-Length"] = Buffer.byteLength(reply.body);
    headers.SOAPServer = "Vantage";
  } else {
    headers["Content-Length"] = 0;
  }
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

/** Finds our cookie even when a CPE echoes the whole Set-Cookie value, attributes and all. */
export function sessionIdFromCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const at = header.indexOf(`${COOKIE}=`);
  if (at < 0) return undefined;
  const value = header.slice(at + COOKIE.length + 1).match(/^"?([0-9a-f]{32})/);
  return value?.[1];
}

function isBlank(body: Buffer): boolean {
  for (const byte of body) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return false;
  return true;
}
