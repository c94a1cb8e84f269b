// More accepts per turn of the event loop. Node 20's libuv accepts one connection per listening file
// descriptor per turn (libuv/libuv#3696), and a node busy with a boot storm's sessions turns its loop
// some 40-60 times a second: the rest of the storm waited in the kernel's accept queue, thousands deep,
// until the CPEs' 30 s timeout gave up on them (bench/storm.ts, one node: 70-188 of 10,000 lost).
//
// A socket may be open under several file descriptors, and each one the loop polls accepts once per
// turn. Node cannot dup() a descriptor, but a descriptor sent over an IPC channel arrives as a new one:
// a short-lived helper process (listener-copies-process.ts) is handed the listening socket's raw handle
// (so it never listens or accepts itself) and sends it back `copies` times. Every copy listens with the
// same backlog and feeds the same server (its 'connection' event), so a connection is handled exactly
// as if the original descriptor had accepted it. (SO_REUSEPORT listeners would do the
// same; Node 20 cannot set it.) `npx tsx bench/accept-rate.ts`, a loop turning every 20 ms and 3,000
// connections waiting: 48 accepted a second with one descriptor, 432 with 9, all 3,000 within 5 s with 17.
import { fork } from "node:child_process";
import net, { type Server, type Socket } from "node:net";
import type { Logger } from "pino";

/** How long the helper may take to start and send the copies back; the original works meanwhile. */
const HELPER_TIMEOUT_MS = 30_000;

export interface ListenerCopies {
  /** Copies polled now (0 until the helper's arrive). */
  readonly count: number;
  /** Resolves when the copies arrived (or the helper failed: the original descriptor serves alone). */
  readonly ready: Promise<void>;
  /** Stop accepting on the copies (the original is closed by its server's own close()). */
  close(): void;
}

/** Adds `copies` descriptors of `server`'s listening socket to this event loop, each accepting for `server`. */
export function addListenerCopies(
  server: Server,
  copies: number,
  backlog: number,
  log: Logger,
): ListenerCopies {
  const servers: Server[] = [];
  let closed = false;
  // The listening socket's raw handle: sent as such, the helper gets a descriptor and nothing else (a
  // net.Server would listen, and accept, in the helper too). Node has no public accessor for it.
  const handle = (server as unknown as { _handle?: object })._handle;
  if (copies <= 0 || !handle) return { count: 0, ready: Promise.resolve(), close: () => undefined };

  const helper = fork(new URL("./listener-copies-process.ts", import.meta.url), [], {
    execArgv: ["--import", "tsx"],
    // Nothing of the node's environment (database URL, secrets' paths): the helper needs none of it.
    env: { NODE_ENV: process.env.NODE_ENV, VANTAGE_LISTENER_COPIES: "1" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ready = new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      log.warn({ received: servers.length, copies }, "listener copies not all received in time");
      helper.kill("SIGKILL");
      resolve();
    }, HELPER_TIMEOUT_MS);
    timer.unref();
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    helper.on("message", (_message: unknown, copyHandle: unknown) => {
      if (!copyHandle) return;
      const copy = net.createServer();
      copy.on("connection", (socket: Socket) => server.emit("connection", socket));
      copy.on("error", (err) => log.warn({ err }, "listener copy error"));
      // A raw handle listened on again: Linux keeps the socket and sets its backlog (the same).
      copy.listen(copyHandle, backlog);
      if (closed || !server.listening) {
        copy.close();
        return;
      }
      servers.push(copy);
      if (servers.length === copies) done();
    });
    helper.once("error", (err) => {
      log.warn({ err }, "could not start the listener copies' helper: one accept per loop turn");
      done();
    });
    helper.once("exit", done);
  });
  helper.send({ copies }, handle as net.Server);

  return {
    get count() {
      return servers.length;
    },
    ready,
    close() {
      closed = true;
      if (helper.exitCode === null && helper.signalCode === null) helper.kill("SIGKILL");
      for (const copy of servers.splice(0)) copy.close();
    },
  };
}
