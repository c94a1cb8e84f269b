// The STUN listener: one UDP socket (node:dgram) that answers Binding Requests (responder.ts) and sends
// UDP connection requests, so those leave from the address and port the devices' NAT mappings were
// opened towards. Per-source token buckets run before any parsing; datagrams in flight are bounded, so
// a flood costs a counter increment, not memory or database work.
// (No "server-only": the custom server loads this outside Next, where that import throws.)
import dgram from "node:dgram";
import { isIP } from "node:net";
import type { StunRequestOutcome } from "../observability/metrics";
import type { TransportAddress } from "./attributes";
import { createRateLimiter } from "./rate-limit";
import { respond, type StunDecision, type StunDevice } from "./responder";

export interface StunServerOptions {
  host: string;
  port: number;
  requireIntegrity: boolean;
  ratePerSource: number;
  credentials: (username: string) => Promise<StunDevice | null>;
  /** an answered Binding Request of a known device (recorded by the caller; errors are its own) */
  onBinding?(binding: NonNullable<StunDecision["binding"]>, source: TransportAddress): void;
  onOutcome?(outcome: StunRequestOutcome): void;
}

export interface StunServer {
  port: number;
  /** sends datagram `times` times, `gapMs` apart (UDP may lose any one of them) */
  send(datagram: Buffer, target: TransportAddress, times?: number, gapMs?: number): Promise<void>;
  close(): Promise<void>;
}

const MAX_IN_FLIGHT = 1000;

export async function startStunServer(o: StunServerOptions): Promise<StunServer> {
  const socket = dgram.createSocket({ type: isIP(o.host) === 6 ? "udp6" : "udp4" });
  const limiter = createRateLimiter(o.ratePerSource);
  let inFlight = 0;
  let closed = false;
  const outcome = (x: StunRequestOutcome) => o.onOutcome?.(x);

  socket.on("message", (msg, rinfo) => {
    const source = { address: rinfo.address, port: rinfo.port };
    if (!limiter.take(rinfo.address) || inFlight >= MAX_IN_FLIGHT) {
      outcome("rate-limited");
      return;
    }
    inFlight++;
    respond(msg, { source, requireIntegrity: o.requireIntegrity, credentials: o.credentials })
      .then((decision) => {
        outcome(decision.outcome);
        if (decision.reply && !closed) socket.send(decision.reply, rinfo.port, rinfo.address);
        if (decision.binding) o.onBinding?.(decision.binding, source);
      })
      .catch(() => outcome("malformed"))
      .finally(() => inFlight--);
  });
  // A send to an unreachable port surfaces as a socket error on some platforms: not fatal for a UDP server.
  socket.on("error", () => {});

  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(o.port, o.host, () => {
      socket.off("error", reject);
      resolve();
    });
  });

  const send = (datagram: Buffer, target: TransportAddress) =>
    new Promise<void>((resolve, reject) => {
      if (closed) return reject(new Error("STUN socket closed"));
      socket.send(datagram, target.port, target.address, (err) => (err ? reject(err) : resolve()));
    });

  return {
    port: socket.address().port,
    async send(datagram, target, times = 1, gapMs = 5) {
      for (let i = 0; i < Math.min(10, Math.max(1, times)); i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, gapMs));
        await send(datagram, target);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        socket.close(() => resolve());
      }),
  };
}
