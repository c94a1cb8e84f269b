// The CWMP HTTP(S) listener: body limits, session lookup (cookie, then connection), CPE
// authentication, and the translation of engine replies into HTTP. Plain node:http — the hot path
// never goes through Next. With a client CA, the TLS listener accepts only certificates that CA
// signed, and each Inform's DeviceId must be the one its certificate was issued to
// (client-certificate.ts); HTTP authentication still applies on top.
import http from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import type { Logger } from "pino";
import { checkFromCpe, parseEnvelope, SoapError, cwmpFault } from "../soap";
import type { DeviceIdStruct, Envelope, FromCpe } from "../soap/types";
import type { XmlLimits } from "../xml";
import type { CwmpObserver } from "../observer";
import type { AdmissionControl } from "../session/admission-control";
import type { SessionBackend } from "../session/backend";
import { SessionEngine } from "../session/engine";
import { liveSessionCount } from "../session/live-sessions";
import { CLOSED_CONNECTION_GRACE_MS, type Reply, type Session } from "../session/session";
import { authenticate, type AuthConfig, type AuthVerdict } from "./auth";
import { certificateMatchesDevice, describeSubject, type CertificateSubject } from "./client-certificate";
import { readBody, BodyTooLarge } from "./body";
import { closeHttpServer } from "./http-close";
import { challengeReply, isBlank, send, type HttpReply } from "./http-reply";
import { SESSION_COOKIE as COOKIE, sessionIdFromCookie } from "./session-cookie";

export interface CwmpServerOptions {
  backend: SessionBackend;
  auth: AuthConfig;
  maxBodyBytes: number;
  /** XML limits for CPE messages (defaults: DEFAULT_XML_LIMITS); large GetParameterNames answers need more elements. */
  xmlLimits?: Partial<XmlLimits>;
  sessionTimeoutMs: number;
  log: Logger;
  /** HTTPS listener; with `ca` (CWMP_TLS_CA), a client certificate signed by it is required. */
  tls?: { cert: string | Buffer; key: string | Buffer; ca?: string | Buffer };
  /** At close, how long sessions waiting for a CPE's answer may still receive it (default 0). */
  shutdownGraceMs?: number;
  /** Told of every answered request and ended session (metrics); absent: nothing is counted. */
  observer?: CwmpObserver;
  /** Back-pressure: at most so many sessions per process, refused Informs get 503 + Retry-After. */
  admission?: AdmissionControl;
  /**
   * The CPE's address for a request (sessions, InformEvent, logs). Behind a load balancer the socket's
   * peer is the balancer: the caller injects a reader of X-Forwarded-For that trusts only its proxies
   * (TRUSTED_PROXIES). Absent: the socket's peer.
   */
  clientAddress?: (req: http.IncomingMessage) => string | undefined;
}

const FALLBACK_NAMESPACE = { cwmpNamespace: "urn:dslforum-org:cwmp-1-0", version: "1.0" as const };

export interface CwmpServer {
  server: http.Server;
  engine: SessionEngine;
  /**
   * Stop opening sessions and sending requests, wait up to shutdownGraceMs for outstanding answers,
   * release the remaining sessions, let in-flight requests finish and stop listening.
   */
  close(): Promise<void>;
  /** `stop` runs when this server stops listening (more descriptors of its socket: listener-copies.ts). */
  stopListeningWith(stop: () => void): void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The largest request that may wait for a session slot (an Inform is a few KB; 64 KB even with 500 values). */
export const MAX_WAITING_BODY_BYTES = 256 * 1024;

export function createCwmpServer(options: CwmpServerOptions): CwmpServer {
  const { log } = options;
  // Basic is accepted over TLS only (unless allowed): the listener knows which one it is.
  const auth: AuthConfig = { ...options.auth, tls: options.tls !== undefined };
  const { observer } = options;
  const remoteOf = (req: http.IncomingMessage): string | undefined =>
    options.clientAddress ? options.clientAddress(req) : req.socket.remoteAddress;
  const engine = new SessionEngine(options.backend, {
    sessionTimeoutMs: options.sessionTimeoutMs,
    log,
    observer,
    retryAfter: options.admission?.retryAfter,
  });
  // CPEs that never return cookies keep their TCP connection for the session: bind it too.
  const bySocket = new WeakMap<Socket, string>();
  const watched = new WeakSet<Socket>();
  let inFlight = 0;

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    inFlight++;
    const started = observer?.request ? performance.now() : 0;
    handleRequest(req, res)
      .catch((err: unknown) => {
        log.error({ err }, "unhandled CWMP request error");
        if (!res.headersSent) send(res, { status: 400, ended: true });
      })
      .finally(() => {
        inFlight--;
        // Every way through handleRequest writes its answer before it returns: counted here rather than
        // on the response's "finish" (a listener and a closure per request on the hot path).
        if (observer?.request && res.headersSent)
          observer.request(res.statusCode, performance.now() - started);
      });
  };

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== "POST") {
      res.writeHead(405, { Allow: "POST" }).end();
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, options.maxBodyBytes);
    } catch (error) {
      const tooLarge = error instanceof BodyTooLarge;
      log.warn({ remote: remoteOf(req), err: (error as Error).message }, "CWMP request body rejected");
      // An answer too large to read still ends its task in time: the attempt is counted now, not
      // after the session timeout (and the task ends at the attempts cap like any other).
      const session = findSession(req);
      if (session && !session.busy) {
        const reason = tooLarge
          ? `message larger than ${options.maxBodyBytes} bytes`
          : "request body unreadable";
        await engine.end(session, { kind: "protocolError", reason });
      }
      res.writeHead(tooLarge ? 413 : 400, { Connection: "close" }).end();
      req.socket.destroy();
      return;
    }
    const session = findSession(req);
    // A session continues on its cookie, possibly over another connection: that connection's
    // certificate must still be the session's device's (another device's certificate and a stolen
    // cookie are not enough). Refused without ending the session, which is not the requester's.
    if (session?.identity && options.tls?.ca !== undefined && !certificateBound(req, session.identity)) {
      return send(res, { status: 403 });
    }
    if (body.length === 0 || isBlank(body)) {
      if (session) return finish(req, res, session, await engine.handle(session, null));
      return send(res, await sessionlessEmptyPost(req));
    }

    // Without a session this can only open one (an Inform) or be refused anyway: a full node lets it
    // wait for a slot or refuses it before parsing or authenticating, so a storm's refusals cost next
    // to nothing.
    const admission = session ? undefined : options.admission;
    if (!admission) return handleEnvelope(req, res, body, session);
    // Only an Inform-sized body may wait in line: the line holds each body up to CWMP_ADMISSION_WAIT_MS,
    // and 80 bodies at the 8 MiB request limit would be 640 MiB held by a flood.
    let verdict = admission.enter(res, body.length <= MAX_WAITING_BODY_BYTES);
    if (verdict instanceof Promise) verdict = await verdict;
    if (verdict) return send(res, verdict);
    let starting = true;
    const started = (): void => {
      if (starting) admission.started();
      starting = false;
    };
    try {
      return await handleEnvelope(req, res, body, undefined, started);
    } finally {
      started();
    }
  }

  /**
   * A request's envelope, once admitted. `started` (for an Inform that admission let in) is called
   * as soon as its session exists.
   */
  async function handleEnvelope(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Buffer,
    session: Session | undefined,
    started?: () => void,
  ): Promise<void> {
    let parsed: Envelope;
    try {
      parsed = parseEnvelope(body, options.xmlLimits);
    } catch (error) {
      return rejectEnvelope(req, res, session, error, undefined);
    }
    let envelope: Envelope<FromCpe>;
    try {
      envelope = checkFromCpe(parsed);
    } catch (error) {
      return rejectEnvelope(req, res, session, error, parsed);
    }

    if (envelope.body.name === "Inform") {
      // Checked before anything else: a device presenting another's certificate changes nothing.
      if (options.tls?.ca !== undefined && !certificateBound(req, envelope.body.deviceId)) {
        return send(res, { status: 403 });
      }
      // An Inform always opens a new session; a previous one on this connection is over.
      if (session) {
        await engine.end(session, { kind: "superseded" });
        // Its place is free now, but a full node still refuses the new session (before authenticating).
        const full = options.admission?.refusal(liveSessionCount());
        if (full) return send(res, full);
      }
      const verdict = await authenticate(req, envelope.body.deviceId, auth, options.backend);
      if (verdict.status !== "ok") {
        logDenied(req, verdict, envelope.body.deviceId.serialNumber);
        return send(res, challengeReply(verdict));
      }
      const fresh = engine.newSession(envelope, remoteOf(req) ?? "", verdict.principal);
      started?.();
      return finish(req, res, fresh, await engine.handle(fresh, envelope));
    }
    if (!session) {
      log.warn({ remote: remoteOf(req), message: envelope.body.name }, "message outside a session");
      return send(
        res,
        engine.faultReply(
          envelope,
          cwmpFault(8003, "No session: send an Inform first"),
          true,
          envelope.header.id,
        ),
      );
    }
    return finish(req, res, session, await engine.handle(session, envelope));
  }

  /** Unparseable, unknown namespace, ACS-only message or unusable identity: a SOAP Fault, HTTP 400. */
  async function rejectEnvelope(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    session: Session | undefined,
    error: unknown,
    parsed: Envelope | undefined,
  ): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    (session?.log ?? log).warn(
      { remote: remoteOf(req), deviceId: session?.deviceId, reason },
      "CWMP envelope rejected",
    );
    if (session) await engine.end(session, { kind: "unparseable", reason });
    const code = error instanceof SoapError ? error.faultCode : 8003;
    const fault = engine.faultReply(
      parsed ?? session ?? FALLBACK_NAMESPACE,
      cwmpFault(code, reason),
      true,
      parsed?.header.id,
    );
    return finish(req, res, session, fault);
  }

  /**
   * An empty POST with no session: with authentication on, the Digest challenge (libcurl-based
   * agents learn it this way before their Inform); with valid credentials, nothing to do.
   */
  async function sessionlessEmptyPost(req: http.IncomingMessage): Promise<HttpReply> {
    const verdict = await authenticate(req, undefined, auth, options.backend);
    if (verdict.status === "ok") return { status: 204 };
    logDenied(req, verdict, undefined);
    return challengeReply(verdict);
  }

  /** Was the peer certificate (CA-verified by the TLS layer) issued to this Inform's device? */
  function certificateBound(req: http.IncomingMessage, device: DeviceIdStruct): boolean {
    // An empty object when the peer sent none (rejectUnauthorized makes that impossible here).
    const subject = (req.socket as TLSSocket).getPeerCertificate().subject as CertificateSubject | undefined;
    if (certificateMatchesDevice(subject, device)) return true;
    log.warn(
      {
        remote: remoteOf(req),
        device: `${device.oui}-${device.productClass}-${device.serialNumber}`,
        certificate: describeSubject(subject),
      },
      "client certificate issued to another device: request refused",
    );
    return false;
  }

  function logDenied(
    req: http.IncomingMessage,
    verdict: Extract<AuthVerdict, { status: "denied" }>,
    serial: string | undefined,
  ): void {
    const fields = { remote: remoteOf(req), serial, reason: verdict.reason };
    // The first request of every Digest login carries no credentials: that is the protocol, not a failure.
    if (verdict.challenged) log.debug(fields, "CPE authentication challenged");
    else log.info(fields, "CPE authentication failed");
  }

  function findSession(req: http.IncomingMessage): Session | undefined {
    const fromCookie = sessionIdFromCookie(req.headers.cookie);
    if (fromCookie !== undefined) {
      const session = engine.sessions.get(fromCookie);
      if (session) {
        session.presentedCookie = true;
        // Back on a new connection: the whole session timeout again.
        session.closedGraceMs = undefined;
      }
      return session;
    }
    const id = bySocket.get(req.socket);
    const session = id ? engine.sessions.get(id) : undefined;
    if (session) session.foundBySocket = true;
    return session;
  }

  function finish(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    session: Session | undefined,
    reply: Reply,
  ): void {
    if (session && !reply.ended) {
      // The CPE hung up while we worked on its message (it gave up waiting): see closedGraceMs.
      if (req.socket.destroyed) session.closedGraceMs = CLOSED_CONNECTION_GRACE_MS;
      bind(req.socket, session);
      send(res, reply, `${COOKIE}=${session.id}; Path=/`);
      return;
    }
    bySocket.delete(req.socket);
    send(res, reply);
  }

  function bind(socket: Socket, session: Session): void {
    bySocket.set(socket, session.id);
    if (watched.has(socket)) return;
    watched.add(socket);
    socket.once("close", () => {
      const id = bySocket.get(socket);
      const bound = id ? engine.sessions.get(id) : undefined;
      if (!bound) return;
      // Closed while we were still working on its message: the CPE gave up waiting (a boot storm's
      // timeouts). It may come back with our cookie on a new connection, promptly, or the session
      // ends. (A close between messages means no more than before: CPEs may open a connection per
      // message, and behind HAProxy the socket is the proxy's, shared and recycled.)
      if (bound.busy) {
        bound.closedGraceMs = CLOSED_CONNECTION_GRACE_MS;
        return;
      }
      if (bound.presentedCookie) return;
      // A cookieless CPE's session cannot continue on another connection; nor can one that never
      // returned our cookie and dropped while an RPC was outstanding. Release it now instead of
      // refusing the device (503) until the lock expires.
      if (bound.foundBySocket || bound.state.kind === "awaitingResponse") {
        bound.log.info({ deviceId: bound.deviceId }, "CPE closed the connection mid-session");
        void engine.end(bound, { kind: "closed" });
      }
    });
  }

  const server = options.tls
    ? https.createServer(
        {
          cert: options.tls.cert,
          key: options.tls.key,
          // Only certificates the CA signed get a TLS session at all (no certificate: no session).
          ...(options.tls.ca !== undefined
            ? { ca: options.tls.ca, requestCert: true, rejectUnauthorized: true }
            : {}),
        },
        handler,
      )
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

  const stopListening: Array<() => void> = [];
  return {
    server,
    engine,
    stopListeningWith: (stop) => void stopListening.push(stop),
    async close() {
      // Keep listening during the grace: a CPE without cookies must answer on its own connection,
      // and the answer is what lets its task complete instead of being re-sent after the restart.
      engine.drain();
      options.admission?.close();
      const graceEnd = Date.now() + (options.shutdownGraceMs ?? 0);
      while (engine.outstanding() > 0 && Date.now() < graceEnd) await sleep(20);
      clearInterval(sweeper);
      await engine.abandonAll();
      for (const stop of stopListening.splice(0)) stop();
      await closeHttpServer(server, () => inFlight);
      // Sessions a request opened while we waited for it to finish.
      await engine.abandonAll();
    },
  };
}
