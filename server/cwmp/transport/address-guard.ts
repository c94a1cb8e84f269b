// Where a connection request may go. The ConnectionRequestURL comes from the CPE, so without a check
// any CPE could make the ACS send GETs to its own host (loopback services, the ACS's own listeners),
// to cloud metadata endpoints (169.254.169.254) or to multicast groups. Refused by default: loopback,
// link-local, multicast, unspecified and broadcast addresses; CONNECTION_REQUEST_ALLOWED_NETWORKS
// widens that (the demo and tests allow 127.0.0.0/8). The ACS's own listening ports on any address of
// this host stay refused even then: a CPE never legitimately points there.
import { BlockList, isIP, type Server } from "node:net";
import os from "node:os";

export interface Cidr {
  address: string;
  prefix: number;
  family: "ipv4" | "ipv6";
}

/** Parse "a.b.c.d/n", "x::y/n" or a bare address (a host route); null when malformed. */
export function parseCidr(text: string): Cidr | null {
  const [address = "", prefixText, extra] = text.trim().split("/");
  if (extra !== undefined) return null;
  const version = isIP(address);
  if (version === 0) return null;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return null;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

/** A comma-separated CIDR list; the first malformed entry is returned as an error. */
export function parseCidrList(text: string): { networks: Cidr[] } | { error: string } {
  const networks: Cidr[] = [];
  for (const entry of text.split(",")) {
    if (entry.trim() === "") continue;
    const cidr = parseCidr(entry);
    if (!cidr) return { error: `${JSON.stringify(entry.trim())} is not a CIDR network` };
    networks.push(cidr);
  }
  return { networks };
}

/** "::ffff:127.0.0.1" → "127.0.0.1", so an IPv4-mapped address is judged (and compared) as IPv4. */
export function normalizeAddress(address: string): string {
  const bare = address.replace(/^\[(.*)\]$/, "$1");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  return mapped?.[1] ?? bare.toLowerCase();
}

function blockList(networks: readonly Cidr[]): BlockList {
  const list = new BlockList();
  for (const n of networks) list.addSubnet(n.address, n.prefix, n.family);
  return list;
}

const cidrs = (...texts: string[]): Cidr[] =>
  texts.map((t) => {
    const c = parseCidr(t);
    if (!c) throw new Error(`bad built-in network ${t}`);
    return c;
  });

const REFUSED: readonly { kind: string; list: BlockList }[] = [
  { kind: "loopback", list: blockList(cidrs("127.0.0.0/8", "::1/128")) },
  { kind: "link-local", list: blockList(cidrs("169.254.0.0/16", "fe80::/10")) },
  { kind: "multicast", list: blockList(cidrs("224.0.0.0/4", "ff00::/8")) },
  // 0.0.0.0 reaches this host on Linux; the rest of 0/8 is "this network", never a CPE.
  { kind: "unspecified", list: blockList(cidrs("0.0.0.0/8", "::/128")) },
  { kind: "broadcast", list: blockList(cidrs("255.255.255.255/32")) },
];

const familyOf = (address: string) => (isIP(address) === 6 ? "ipv6" : "ipv4");

/** The kind of address refused by default ("loopback", "link-local" ...), or null for an ordinary one. */
export function refusedKind(address: string): string | null {
  const a = normalizeAddress(address);
  return REFUSED.find((r) => r.list.check(a, familyOf(a)))?.kind ?? null;
}

/** Ports the ACS listens on in this process (CWMP, CWMP over TLS, console), kept while they listen. */
const ownPorts = new Map<number, number>();

/** Record a listening server's port as the ACS's own until it closes. */
export function trackOwnListener(server: Server): void {
  const address = server.address();
  if (address === null || typeof address === "string") return;
  const port = address.port;
  ownPorts.set(port, (ownPorts.get(port) ?? 0) + 1);
  server.once("close", () => {
    const left = (ownPorts.get(port) ?? 1) - 1;
    if (left > 0) ownPorts.set(port, left);
    else ownPorts.delete(port);
  });
}

/** An address that reaches this host: loopback, unspecified, or one of its interfaces' addresses. */
function isLocalAddress(address: string): boolean {
  const kind = refusedKind(address);
  if (kind === "loopback" || kind === "unspecified") return true;
  const a = normalizeAddress(address);
  return Object.values(os.networkInterfaces()).some((infos) =>
    (infos ?? []).some((info) => normalizeAddress(info.address) === a),
  );
}

export interface AddressPolicy {
  /** Networks the default refusal does not apply to (CONNECTION_REQUEST_ALLOWED_NETWORKS). */
  allowedNetworks: readonly Cidr[];
  /** When set, the target must be exactly this address (the Inform's source address). */
  requiredAddress?: string;
}

/** Why a connection request to address:port is refused, or null when it may be sent. */
export function refusal(address: string, port: number, policy: AddressPolicy): string | null {
  const a = normalizeAddress(address);
  const shown = isIP(a) === 6 ? `[${a}]:${port}` : `${a}:${port}`;
  if (ownPorts.has(port) && isLocalAddress(a)) {
    return `ConnectionRequestURL points to the ACS's own listener (${shown}); refused`;
  }
  if (policy.requiredAddress !== undefined && normalizeAddress(policy.requiredAddress) !== a) {
    return `ConnectionRequestURL host ${a} is not the device's Inform source address ${normalizeAddress(policy.requiredAddress)}; refused (CONNECTION_REQUEST_REQUIRE_SOURCE_MATCH)`;
  }
  const kind = refusedKind(a);
  if (kind === null) return null;
  if (policy.allowedNetworks.length > 0 && blockList(policy.allowedNetworks).check(a, familyOf(a)))
    return null;
  return `ConnectionRequestURL resolves to ${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind} address (${shown}); refused unless CONNECTION_REQUEST_ALLOWED_NETWORKS allows it`;
}
