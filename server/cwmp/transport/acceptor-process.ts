// An acceptor process (see acceptors.ts for why it exists): it shares the node's CWMP listening socket,
// accepts connections on an event loop that has nothing else to do, passes the node every connection it
// can take, and answers the new sessions of a full node itself with 503 and a slot of the retry
// schedule. It never authenticates, parses SOAP or touches the database: a connection it passes on
// carries every byte it read, and node:http judges the request as if it had accepted it itself.
import type { Server, Socket } from "node:net";
import { retryAfterSeconds, type RetryAfterPolicy } from "../session/admission-control";
import { StormSpread } from "../session/storm-spread";
import { toAcceptor, type FromAcceptor, type ToAcceptor } from "./acceptor-messages";
import { opensSession, scanRequestHead } from "./request-head";

/** A head must arrive this quickly once the node is full (node:http's own headersTimeout is longer). */
const HEAD_TIMEOUT_MS = 10_000;
/** After the 503, how long the CPE may take to close (its request body is read and dropped meanwhile). */
const LINGER_MS = 5_000;
/** Heads read at once; beyond it a connection is dropped (a flood of idle connections, not CPEs). */
const MAX_READING = 16_384;
const REPORT_EVERY_MS = 250;

type Listen = Extract<ToAcceptor, { t: "listen" }>;

export interface AcceptorChannel {
  send(message: FromAcceptor, socket?: Socket): void;
  onMessage(handler: (message: unknown, handle: unknown) => void): void;
  exit(): void;
}

export function runAcceptor(channel: AcceptorChannel): void {
  let config: Listen | undefined;
  let server: Server | undefined;
  let spread: StormSpread | undefined;
  // What the node last said, and what was sent since.
  let busy = 0;
  let received = 0;
  let admitted = 0;
  let sent = 0;
  let reading = 0;
  let refused = 0;
  let refusedMs = 0;

  const estimate = (): number => busy + (sent - received);
  const full = (): boolean => config !== undefined && estimate() >= config.maxSessions;

  const report = setInterval(() => {
    if (refused === 0) return;
    channel.send({ t: "refused", count: refused, ms: refusedMs, lastSlot: spread?.lastSlotAt ?? 0 });
    refused = 0;
    refusedMs = 0;
  }, REPORT_EVERY_MS);
  report.unref();

  function pass(socket: Socket, head?: Buffer): void {
    sent++;
    channel.send({ t: "conn", ...(head ? { head: head.toString("base64") } : {}) }, socket);
  }

  function refuse(socket: Socket, since: number): void {
    const { retryAfter } = config!;
    const window: RetryAfterPolicy = spread?.refused(Date.now(), retryAfter) ?? retryAfter;
    socket.end(
      `HTTP/1.1 503 Service Unavailable\r\nRetry-After: ${retryAfterSeconds(window)}\r\n` +
        "Content-Length: 0\r\nConnection: close\r\n\r\n",
    );
    // The rest of the request (its body) is read and dropped until the CPE closes: closing with
    // unread bytes would reset the connection, and the CPE might lose the 503 it was sent.
    socket.setTimeout(LINGER_MS, () => socket.destroy());
    socket.once("end", () => socket.destroy());
    refused++;
    refusedMs += performance.now() - since;
  }

  /** The node is full: read the first request's head to tell a new session from a continuing one. */
  function readHead(socket: Socket): void {
    if (reading >= MAX_READING) {
      socket.destroy();
      return;
    }
    reading++;
    const since = performance.now();
    const chunks: Buffer[] = [];
    let length = 0;
    let settled = false;
    const settle = (): void => {
      if (settled) return;
      settled = true;
      reading--;
      socket.off("data", onData);
      socket.setTimeout(0);
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      length += chunk.length;
      const bytes = chunks.length === 1 ? chunk : Buffer.concat(chunks, length);
      const head = scanRequestHead(bytes, config!.cookieName);
      if (head === "incomplete") return;
      settle();
      if (head !== "unreadable" && opensSession(head) && full()) {
        socket.on("data", () => undefined);
        refuse(socket, since);
        return;
      }
      // Not ours to answer (or a place came free meanwhile): stop reading before passing it on, so
      // that every byte not in `bytes` is still in the kernel for the node to read.
      socket.pause();
      (socket as unknown as { _handle?: { readStop?: () => number } })._handle?.readStop?.();
      pass(socket, bytes);
    };
    socket.on("data", onData);
    socket.once("close", settle);
    socket.setTimeout(HEAD_TIMEOUT_MS, () => socket.destroy());
    socket.resume();
  }

  function onConnection(socket: Socket): void {
    socket.on("error", () => socket.destroy());
    if (!full()) pass(socket);
    else readHead(socket);
  }

  channel.onMessage((raw, handle) => {
    const parsed = toAcceptor.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    switch (message.t) {
      case "listen": {
        if (server || !isServer(handle)) return;
        config = message;
        const max = message.maxRetryAfterSeconds;
        const { baseSeconds, spreadSeconds } = message.retryAfter;
        if (max !== undefined && max > baseSeconds + spreadSeconds)
          spread = new StormSpread({ maxSeconds: max });
        server = handle;
        // Sockets are not read until this process decides to: one passed on unread loses nothing.
        // (The option is read at each connection; the server arrives built, so it is set here.)
        (server as Server & { pauseOnConnect: boolean }).pauseOnConnect = true;
        server.on("connection", onConnection);
        server.on("error", () => undefined);
        channel.send({ t: "ready" });
        return;
      }
      case "state": {
        busy = message.busy;
        received = message.received;
        if (message.admitted > admitted) spread?.admitted(Date.now(), message.admitted - admitted);
        admitted = message.admitted;
        spread?.follow(message.lastSlot);
        return;
      }
      case "close": {
        clearInterval(report);
        if (refused > 0)
          channel.send({ t: "refused", count: refused, ms: refusedMs, lastSlot: spread?.lastSlotAt ?? 0 });
        if (!server) return channel.exit();
        // Refusals under way finish (each lingers at most LINGER_MS); no new connection is taken.
        server.close(() => channel.exit());
        setTimeout(() => channel.exit(), LINGER_MS + 1000).unref();
        return;
      }
    }
  });
}

function isServer(handle: unknown): handle is Server {
  return typeof handle === "object" && handle !== null && "listen" in handle && "close" in handle;
}

// As a child process of the node: its IPC channel is the process's.
if (process.send && process.env.VANTAGE_ACCEPTOR === "1") {
  runAcceptor({
    send: (message, socket) => {
      process.send!(message, socket, undefined, (err: Error | null) => {
        if (err) socket?.destroy();
      });
    },
    onMessage: (handler) => process.on("message", handler),
    exit: () => process.exit(0),
  });
  // The node is gone: nobody to pass connections to.
  process.on("disconnect", () => process.exit(0));
}
