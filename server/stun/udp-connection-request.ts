// UDP connection requests (TR-069 Annex G, TR-111 Part 2): the ACS side builds the signed HTTP-like
// datagram, the CPE side (the simulator) parses and validates it. Both live here so they cannot drift.
// (No "server-only": sim/stun uses the validator.)
//   GET http://<addr>:<port>?ts=<unix s>&id=<uint32>&un=<user>&cn=<cnonce>&sig=<hex> HTTP/1.1\r\n
//   Host: <addr>:<port>\r\n\r\n
// sig = hex(HMAC-SHA1(key = ConnectionRequestPassword, text = ts ‖ id ‖ un ‖ cn)), no separators.
import { createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";

/** A request line and Host header never need more; larger datagrams are not ours. */
export const MAX_UDP_REQUEST_BYTES = 1024;

export interface UdpRequestFields {
  ts: number;
  id: number;
  un: string;
  cn: string;
  sig: string;
}

export const udpSignature = (password: string, f: Omit<UdpRequestFields, "sig">): string =>
  createHmac("sha1", password).update(`${f.ts}${f.id}${f.un}${f.cn}`).digest("hex");

const hostPort = (address: string, port: number): string =>
  `${isIP(address) === 6 ? `[${address}]` : address}:${port}`;

export interface BuildOptions {
  address: string;
  port: number;
  username: string;
  password: string;
  /** defaults: now, a random uint32 id, a random cnonce */
  ts?: number;
  id?: number;
  cn?: string;
}

export function buildUdpConnectionRequest(o: BuildOptions): Buffer {
  const ts = o.ts ?? Math.floor(Date.now() / 1000);
  const id = o.id ?? randomInt(0, 2 ** 32 - 1);
  const cn = o.cn ?? randomBytes(8).toString("hex");
  const sig = udpSignature(o.password, { ts, id, un: o.username, cn });
  const target = hostPort(o.address, o.port);
  const query = new URLSearchParams({ ts: String(ts), id: String(id), un: o.username, cn, sig });
  return Buffer.from(`GET http://${target}?${query.toString()} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
}

/** The query fields of a datagram; null when it is not a well-formed UDP connection request. */
export function parseUdpConnectionRequest(datagram: Buffer): UdpRequestFields | null {
  if (datagram.length > MAX_UDP_REQUEST_BYTES) return null;
  const line = datagram.toString("latin1").split(/\r?\n/, 1)[0] ?? "";
  const m = /^GET (\S+) HTTP\/1\.[01]$/.exec(line);
  if (!m) return null;
  let url: URL;
  try {
    url = new URL(m[1]!, "http://cpe.invalid");
  } catch {
    return null;
  }
  const q = url.searchParams;
  const [ts, id, un, cn, sig] = ["ts", "id", "un", "cn", "sig"].map((k) => q.get(k));
  if (ts == null || id == null || un == null || cn == null || sig == null) return null;
  if (!/^\d{1,12}$/.test(ts) || !/^\d{1,10}$/.test(id) || Number(id) > 2 ** 32 - 1) return null;
  return { ts: Number(ts), id: Number(id), un, cn, sig };
}

export type UdpValidation = "accepted" | "malformed" | "replay" | "bad-username" | "bad-signature";

/** The CPE's memory between datagrams: the last accepted ts and id (TR-069 Annex G.2.1.1). */
export interface UdpReplayState {
  lastTs: number;
  lastId: number;
}

/**
 * CPE validation: ts newer than the last accepted one AND id different from it, un the
 * ConnectionRequestUsername, sig the HMAC with ConnectionRequestPassword (hex, any case). An accepted
 * request updates `state`; the ACS's repeats of it (same ts and id) are then replays and ignored.
 */
export function validateUdpConnectionRequest(
  datagram: Buffer,
  credentials: { username: string; password: string },
  state: UdpReplayState,
): UdpValidation {
  const f = parseUdpConnectionRequest(datagram);
  if (!f) return "malformed";
  if (!(f.ts > state.lastTs) || f.id === state.lastId) return "replay";
  if (f.un !== credentials.username) return "bad-username";
  const expected = Buffer.from(udpSignature(credentials.password, f), "latin1");
  const given = Buffer.from(f.sig.toLowerCase(), "latin1");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "bad-signature";
  state.lastTs = f.ts;
  state.lastId = f.id;
  return "accepted";
}
