// The CPE side of TR-111 Part 2 for one simulated device: a UDP socket on its connection-request port
// that keeps a STUN binding open (classic RFC 3489 Binding Requests with USERNAME and
// CONNECTION-REQUEST-BINDING, signed after a 401, BINDING-CHANGE when the mapping moved) every
// STUNMinimumKeepAlivePeriod..STUNMaximumKeepAlivePeriod, writes UDPConnectionRequestAddress and
// NATDetected, and validates UDP connection requests arriving on the same socket (TR-069 Annex G).
import { randomBytes } from "node:crypto";
import dgram from "node:dgram";
import { isIP } from "node:net";
import os from "node:os";
import {
  ATTR,
  bindingChange,
  connectionRequestBinding,
  decodeErrorCode,
  mappedAddress,
  text,
  type TransportAddress,
} from "../../server/stun/attributes";
import { signMessage } from "../../server/stun/integrity";
import { attribute, looksLikeStun, METHOD_BINDING, parseMessage } from "../../server/stun/message";
import {
  validateUdpConnectionRequest,
  type UdpReplayState,
  type UdpValidation,
} from "../../server/stun/udp-connection-request";
import type { SimDevice } from "../device";

export interface StunCounters {
  requests: number;
  answers: number;
  unauthorized: number;
  bindingChanges: number;
  udpAccepted: number;
  /** replays, bad signatures, wrong usernames, junk: ignored as TR-069 Annex G says */
  udpIgnored: number;
}

export interface StunClientOptions {
  host: string;
  timeScale: number;
  /** report NATDetected whatever the mapping (a box that knows it sits behind a NAT) */
  assumeNat?: boolean;
  counters: StunCounters;
  onConnectionRequest(): void;
  log?: { debug(obj: object, msg?: string): void };
}

const RETRANSMITS = 3;

export class StunClient {
  private socket?: dgram.Socket;
  private timer?: NodeJS.Timeout;
  private pending?: { id: Buffer; signed: boolean };
  private sign = false;
  private mapping?: string;
  private changed = false;
  private replay: UdpReplayState = { lastTs: 0, lastId: -1 };
  private stopped = false;

  constructor(
    private readonly device: SimDevice,
    private readonly o: StunClientOptions,
  ) {}

  get port(): number | undefined {
    return this.socket?.address().port;
  }

  async start(): Promise<void> {
    const socket = dgram.createSocket(isIP(this.o.host) === 6 ? "udp6" : "udp4");
    socket.on("message", (msg, rinfo) => this.receive(msg, rinfo));
    socket.on("error", () => {}); // ICMP unreachable while the ACS is down: keep going
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(0, this.o.host, () => resolve());
    });
    this.socket = socket;
    this.send();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  /** STUN settings changed: a new request now (new server, new credentials). */
  refresh(): void {
    this.sign = false;
    this.send();
  }

  private ms = (name: string): string => this.device.ms(name);

  private server(): TransportAddress {
    let address = this.ms("STUNServerAddress");
    // TR-111: empty means the host of the ACS URL.
    if (!address) address = new URL(this.ms("URL") || "http://127.0.0.1/").hostname.replace(/^\[|\]$/g, "");
    return { address, port: Number(this.ms("STUNServerPort")) || 3478 };
  }

  private later(ms: number, fn: () => void): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(fn, Math.max(20, ms * this.o.timeScale));
    this.timer.unref();
  }

  private keepAlive(): void {
    const min = Math.max(1, Number(this.ms("STUNMinimumKeepAlivePeriod")) || 30);
    const maxRaw = Number(this.ms("STUNMaximumKeepAlivePeriod"));
    const max = maxRaw >= min ? maxRaw : min;
    this.later((min + this.device.rng.next() * (max - min)) * 1000, () => this.send());
  }

  private send(signed = this.sign): void {
    if (!this.socket || this.stopped) return;
    const password = this.ms("STUNPassword");
    const attributes = [text(ATTR.USERNAME, this.ms("STUNUsername")), connectionRequestBinding()];
    if (this.changed) attributes.push(bindingChange());
    const id = randomBytes(16);
    const key = signed && password ? password : undefined;
    const raw = signMessage(
      { method: METHOD_BINDING, cls: "request", classic: true, transactionId: id, attributes },
      { key },
    );
    this.pending = { id, signed: key !== undefined };
    this.transmit(raw, 0);
  }

  /** RFC 3489 retransmissions of the same request (same id); after a few, wait for the next keep-alive. */
  private transmit(raw: Buffer, tries: number): void {
    if (!this.socket || this.stopped) return;
    this.o.counters.requests++;
    const { address, port } = this.server();
    this.socket.send(raw, port, address);
    const wait = Math.max(100 / this.o.timeScale, 500 * 2 ** tries);
    this.later(wait, () => (tries < RETRANSMITS ? this.transmit(raw, tries + 1) : this.keepAlive()));
  }

  private receive(msg: Buffer, from: dgram.RemoteInfo): void {
    if (!looksLikeStun(msg)) return this.connectionRequest(msg);
    const parsed = parseMessage(msg);
    if (!parsed.ok || !this.pending?.id.equals(parsed.message.transactionId)) return;
    const m = parsed.message;
    const wasSigned = this.pending.signed;
    this.pending = undefined;
    if (m.cls === "error") {
      const code = decodeErrorCode(attribute(m, ATTR.ERROR_CODE) ?? Buffer.alloc(0))?.code;
      if (code === 401) {
        this.o.counters.unauthorized++;
        this.sign = true;
        // Retry signed at once, but only once per 401: a wrong password waits for the next keep-alive.
        if (!wasSigned && this.ms("STUNPassword")) return this.send(true);
      }
      return this.keepAlive();
    }
    if (m.cls !== "success") return;
    const mapped = mappedAddress(m);
    if (!mapped) return this.keepAlive();
    this.o.counters.answers++;
    this.learn(mapped, from);
  }

  private learn(mapped: TransportAddress, server: dgram.RemoteInfo): void {
    const text =
      isIP(mapped.address) === 6 ? `[${mapped.address}]:${mapped.port}` : `${mapped.address}:${mapped.port}`;
    const moved = this.mapping !== undefined && this.mapping !== text;
    this.mapping = text;
    const root = `${this.device.root}ManagementServer.`;
    this.device.tree.set(`${root}NATDetected`, this.o.assumeNat || !this.isOwn(mapped));
    this.device.tree.set(`${root}UDPConnectionRequestAddress`, text);
    this.o.log?.debug({ serial: this.device.serial, mapping: text, server: server.address }, "stun binding");
    if (moved) {
      // Tell the STUN server at once: the next request carries BINDING-CHANGE (TR-111 2.2.1.2).
      this.o.counters.bindingChanges++;
      this.changed = true;
      return this.send();
    }
    this.changed = false;
    this.keepAlive();
  }

  /** The mapping is the socket's own address:port (no NAT in between). */
  private isOwn(mapped: TransportAddress): boolean {
    const local = this.socket?.address();
    if (!local || local.port !== mapped.port) return false;
    if (local.address === mapped.address) return true;
    const wildcard = local.address === "0.0.0.0" || local.address === "::";
    return (
      wildcard &&
      Object.values(os.networkInterfaces()).some((list) =>
        (list ?? []).some((i) => i.address === mapped.address),
      )
    );
  }

  private connectionRequest(datagram: Buffer): void {
    const result: UdpValidation = validateUdpConnectionRequest(
      datagram,
      { username: this.ms("ConnectionRequestUsername"), password: this.ms("ConnectionRequestPassword") },
      this.replay,
    );
    if (result !== "accepted") {
      this.o.counters.udpIgnored++;
      return;
    }
    this.o.counters.udpAccepted++;
    this.o.onConnectionRequest();
  }
}
