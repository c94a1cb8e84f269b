// Acceptor processes for the CWMP listener. Node 20's libuv accepts one connection per turn of the event
// loop (libuv/libuv#3696), and a node busy with a boot storm's sessions turns its loop some 40-60 times
// a second: the rest of the storm waits in the kernel's accept queue, thousands deep, until the CPEs'
// own 30 s timeout gives up on them (bench/storm.ts on one node: 70-188 of 10,000 lost that way, while
// the node only needed to tell them "503, come back at your slot").
//
// So small child processes share the listening socket (the node keeps accepting on it too). Their
// loops are idle: they take connections as fast as they come, pass the node every one it has room for
// (the socket itself, over the IPC channel, with any bytes already read), and while the node is full
// they answer new sessions themselves: 503 and the next slot of the retry schedule, which they keep in
// step with the node's (its admissions, each side's last slot). A request that continues a session
// (our cookie), or anything that is not a new session, is always passed on.
import { fork, type ChildProcess } from "node:child_process";
import type http from "node:http";
import type { Socket } from "node:net";
import type { Logger } from "pino";
import type { CwmpObserver } from "../observer";
import type { AdmissionControl } from "../session/admission-control";
import { liveSessionCount } from "../session/live-sessions";
import { fromAcceptor, type ToAcceptor } from "./acceptor-messages";

/** How often the node tells its acceptors how full it is (when anything changed). */
const STATE_EVERY_MS = 25;
/** An acceptor that died is started again after this, doubling up to RESTART_MAX_MS. */
const RESTART_MS = 1000;
const RESTART_MAX_MS = 30_000;

export interface AcceptorOptions {
  /** The node's CWMP listener (plain HTTP), already listening. */
  server: http.Server;
  count: number;
  admission: AdmissionControl;
  cookieName: string;
  log: Logger;
  observer?: CwmpObserver;
  /** Extra node arguments for the children (tests and benchmarks: --cpu-prof). */
  execArgv?: string[];
}

export interface Acceptors {
  /** Connections passed by acceptors so far, and Informs they refused. */
  stats(): { passed: number; refused: number; ready: number; pids: number[] };
  close(): Promise<void>;
}

interface Child {
  process: ChildProcess;
  received: number;
  lastState: string;
  /** It has the listening socket. */
  ready: boolean;
}

export function startAcceptors(options: AcceptorOptions): Acceptors {
  const { server, admission, log } = options;
  const children = new Set<Child>();
  let closing = false;
  let passed = 0;
  let refused = 0;
  // Connections passed on whose first request has not been answered: sessions about to open.
  let pending = 0;
  const pendingSockets = new WeakSet<Socket>();
  let restartDelay = RESTART_MS;

  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!pendingSockets.has(req.socket)) return;
    res.once("close", () => settle(req.socket));
  });
  const settle = (socket: Socket): void => {
    if (pendingSockets.delete(socket)) pending--;
  };

  function receive(child: Child, raw: unknown, handle: unknown): void {
    const parsed = fromAcceptor.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.t === "ready") {
      child.ready = true;
      return;
    }
    if (message.t === "refused") {
      refused += message.count;
      admission.refusedElsewhere(message.count, message.lastSlot, liveSessionCount());
      const each = message.ms / Math.max(1, message.count);
      for (let i = 0; i < message.count; i++) options.observer?.request?.(503, each);
      return;
    }
    if (message.t !== "conn") return;
    child.received++;
    const socket = handle as Socket | undefined;
    if (!socket || typeof socket.unshift !== "function") return;
    passed++;
    if (closing && !server.listening) {
      socket.destroy();
      return;
    }
    if (message.head) socket.unshift(Buffer.from(message.head, "base64"));
    pending++;
    pendingSockets.add(socket);
    socket.once("close", () => settle(socket));
    server.emit("connection", socket);
  }

  function spawn(): void {
    const process_ = fork(new URL("./acceptor-process.ts", import.meta.url), [], {
      execArgv: ["--import", "tsx", ...(options.execArgv ?? [])],
      env: { ...process.env, VANTAGE_ACCEPTOR: "1" },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const child: Child = { process: process_, received: 0, lastState: "", ready: false };
    children.add(child);
    process_.on("message", (raw, handle) => receive(child, raw, handle));
    process_.on("error", (err) => log.warn({ err }, "CWMP acceptor process error"));
    process_.once("exit", (code, signal) => {
      children.delete(child);
      if (closing) return;
      log.warn({ code, signal, restartInMs: restartDelay }, "CWMP acceptor process exited: started again");
      setTimeout(() => !closing && spawn(), restartDelay).unref();
      restartDelay = Math.min(RESTART_MAX_MS, restartDelay * 2);
    });
    const listen: ToAcceptor = {
      t: "listen",
      maxSessions: admission.options.maxSessions,
      retryAfter: admission.retryAfter,
      maxRetryAfterSeconds: admission.options.maxRetryAfterSeconds,
      cookieName: options.cookieName,
    };
    process_.send(listen, server);
  }

  const pushState = setInterval(() => {
    const busy = liveSessionCount() + pending;
    for (const child of children) {
      if (!child.process.connected) continue;
      const state: ToAcceptor = {
        t: "state",
        busy,
        received: child.received,
        admitted: admission.admittedTotal,
        lastSlot: admission.scheduleEndMs(),
      };
      const key = `${busy} ${child.received} ${state.admitted} ${state.lastSlot}`;
      if (key === child.lastState) continue;
      child.lastState = key;
      child.process.send(state);
    }
  }, STATE_EVERY_MS);
  pushState.unref();
  // A child that stayed up a minute resets the back-off.
  const calm = setInterval(() => (restartDelay = RESTART_MS), 60_000);
  calm.unref();

  for (let i = 0; i < options.count; i++) spawn();

  return {
    stats: () => ({
      passed,
      refused,
      ready: [...children].filter((c) => c.ready).length,
      pids: [...children].flatMap((c) => (c.process.pid === undefined ? [] : [c.process.pid])),
    }),
    async close() {
      closing = true;
      clearInterval(pushState);
      clearInterval(calm);
      await Promise.all(
        [...children].map(
          (child) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => {
                child.process.kill("SIGKILL");
                resolve();
              }, 8000);
              child.process.once("exit", () => {
                clearTimeout(timer);
                resolve();
              });
              if (child.process.connected) child.process.send({ t: "close" } satisfies ToAcceptor);
              else child.process.kill("SIGTERM");
            }),
        ),
      );
    },
  };
}
