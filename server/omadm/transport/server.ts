// The OMA DM HTTP listener: POST only, SyncML DM in XML or WBXML (answered in the same encoding),
// a body cap (the server's MaxMsgSize), the hardened codecs, and the session machine. A message that
// cannot be read gets HTTP 400 and the session goes on for everyone else; nothing here throws out of
// a request. The session's state lives in a store (server/mobile keeps it in a database row keyed by
// the RespURI token), so any node can take the next message of a session; within one process the
// messages of one session are handled one at a time.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { BodyTooLarge, readBody } from "../../cwmp/transport/body";
import { closeHttpServer } from "../../cwmp/transport/http-close";
import { HMAC_HEADER } from "../auth";
import { CONTENT_TYPES, encodingOf, parseSyncML, serializeSyncML } from "../syncml";
import type { DmBackend } from "../session/backend";
import { handleMessage } from "../session/machine";
import type { DmSessionConfig, DmSessionState } from "../session/state";

/** Where sessions live between messages. */
export interface DmSessionStore {
  load(token: string): Promise<DmSessionState | undefined>;
  save(state: DmSessionState, expiresAt: Date): Promise<void>;
  remove(token: string): Promise<void>;
}

export interface DmLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OmaDmServerOptions {
  backend: DmBackend;
  store: DmSessionStore;
  /** Read per request: the server URL is known only once the listener is bound. */
  config: () => DmSessionConfig;
  sessionTimeoutMs: number;
  log: DmLog;
}

export interface OmaDmServer {
  server: http.Server;
  close(): Promise<void>;
}

/** How long close() waits for messages being handled (a DM turn is a few statements). */
const CLOSE_GRACE_MS = 5000;

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

function plain(res: http.ServerResponse, code: number, text: string, headers: http.OutgoingHttpHeaders = {}) {
  if (res.headersSent) return;
  res.writeHead(code, { "Content-Type": "text/plain; charset=utf-8", ...headers }).end(text);
}

export function createOmaDmServer(options: OmaDmServerOptions): OmaDmServer {
  // One message of a session at a time in this process (a client that posts twice waits its turn).
  const running = new Map<string, Promise<void>>();

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== "POST") return plain(res, 405, "POST SyncML DM messages here\n", { Allow: "POST" });
    const contentType = req.headers["content-type"];
    const encoding = encodingOf(contentType);
    if (!encoding) return plain(res, 415, "Content-Type must be application/vnd.syncml.dm+xml or +wbxml\n");
    const config = options.config();
    let body: Buffer;
    try {
      body = await readBody(req, config.serverMaxMsgSize);
    } catch (error) {
      if (error instanceof BodyTooLarge)
        return plain(res, 413, `message larger than MaxMsgSize ${config.serverMaxMsgSize}\n`);
      return plain(res, 400, "unreadable request body\n");
    }
    const parsed = parseSyncML(new Uint8Array(body), contentType, { maxBytes: config.serverMaxMsgSize });
    if (!parsed.ok) {
      options.log.warn(
        { remote: req.socket.remoteAddress, reason: parsed.error.reason, err: parsed.error.message },
        "unreadable SyncML message",
      );
      return plain(res, 400, `unreadable SyncML message: ${parsed.error.message}\n`);
    }
    const query = new URL(req.url ?? "/", "http://dm.invalid").searchParams.get("s");
    if (query !== null && !TOKEN.test(query)) return plain(res, 400, "malformed session token\n");
    const token = query ?? randomBytes(18).toString("base64url");
    const previous = running.get(token) ?? Promise.resolve();
    const turn = previous.then(async () => {
      const state = query === null ? undefined : await options.store.load(token);
      if (
        query !== null &&
        !state &&
        !parsed.value.body.commands.some((c) => c.kind === "Alert" && (c.code === 1200 || c.code === 1201))
      )
        return plain(res, 404, "no such DM session (expired?): start a new one with package 1\n");
      const { state: next, reply } = await handleMessage(
        state,
        token,
        {
          message: parsed.value,
          body: new Uint8Array(body),
          encoding,
          remoteAddress: req.socket.remoteAddress ?? "",
          ...(typeof req.headers[HMAC_HEADER] === "string" ? { hmacHeader: req.headers[HMAC_HEADER] } : {}),
        },
        config,
        options.backend,
      );
      if (next.phase === "ended") await options.store.remove(token);
      else await options.store.save(next, new Date(Date.now() + options.sessionTimeoutMs));
      const bytes = serializeSyncML(reply, encoding);
      if (!bytes.ok) throw bytes.error;
      res.writeHead(200, { "Content-Type": CONTENT_TYPES[encoding], "Content-Length": bytes.value.length });
      res.end(bytes.value);
    });
    const settled = turn.catch(() => undefined);
    running.set(token, settled);
    try {
      await turn;
    } finally {
      if (running.get(token) === settled) running.delete(token);
    }
  }

  // Messages being handled: close() lets them finish (they write the session's state) before the
  // store they write to goes away, instead of failing them half-way.
  let inFlight = 0;
  let closing = false;
  const server = http.createServer((req, res) => {
    if (closing) return plain(res, 503, "shutting down: try again shortly\n", { Connection: "close" });
    inFlight++;
    serve(req, res)
      .catch((error: unknown) => {
        options.log.error(
          { remote: req.socket.remoteAddress, err: (error as Error).message },
          "DM message failed",
        );
        plain(res, 500, "internal error\n");
      })
      .finally(() => inFlight--);
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return {
    server,
    async close() {
      closing = true;
      await closeHttpServer(server, () => inFlight, CLOSE_GRACE_MS);
    },
  };
}
