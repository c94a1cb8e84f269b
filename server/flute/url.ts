// The Download URL that names a FLUTE session (issue 15 §2). Form:
//
//   flute://<source>@<group>:<port>?tsi=<n>&toi=<n>&v=<1|2>
//   flute://<group>:<port>?tsi=<n>&toi=<n>&v=<1|2>          (any-source multicast, no source filter)
//
// - source: the sender's unicast IPv4/IPv6 address (what a receiver joins (S,G) for); optional.
// - group: an IPv4 multicast address (224.0.0.0/4) or an IPv6 one in brackets (ff00::/8).
// - port: the UDP port 1..65535; tsi: 0..2^32-1; toi: 1..2^32-1 (0 carries FDT Instances);
//   v: the FLUTE version, 1 = RFC 3926, 2 = RFC 6726.
// Parsing is strict (every part present once, decimal numbers only, nothing else in the query), since
// the string arrives from the network on the CPE side and from operators on ours.
import { isIP } from "node:net";
import type { FluteVersion } from "./types";

export interface FluteUrl {
  source?: string;
  group: string;
  port: number;
  tsi: number;
  toi: number;
  version: FluteVersion;
}

const MAX_U32 = 0xffff_ffff;
const MAX_URL_LENGTH = 256;

/** Whether `address` is an IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) multicast address. */
export function isMulticastAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) {
    const first = Number(address.split(".")[0]);
    return first >= 224 && first <= 239;
  }
  return family === 6 && /^ff[0-9a-f]{2}:/i.test(address);
}

const hostPart = (address: string): string => (isIP(address) === 6 ? `[${address}]` : address);

export function formatFluteUrl(url: FluteUrl): string {
  if (parseFluteUrl(build(url)) === null)
    throw new Error("formatFluteUrl: invalid FLUTE session description");
  return build(url);
}

function build(u: FluteUrl): string {
  const source = u.source === undefined ? "" : `${hostPart(u.source)}@`;
  return `flute://${source}${hostPart(u.group)}:${u.port}?tsi=${u.tsi}&toi=${u.toi}&v=${u.version}`;
}

const URL_SHAPE =
  /^flute:\/\/(?:(\[[0-9a-fA-F:.]+\]|[0-9.]+)@)?(\[[0-9a-fA-F:.]+\]|[0-9.]+):(\d{1,5})\?([a-z0-9=&]+)$/;

function address(part: string | undefined): string | undefined {
  if (part === undefined) return undefined;
  const bare = part.startsWith("[") ? part.slice(1, -1) : part;
  const family = isIP(bare);
  if (family === 0 || (family === 6) !== part.startsWith("[")) return undefined;
  return bare;
}

function decimal(value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined || !/^\d{1,10}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

function queryParams(query: string): Map<string, string> | null {
  const params = new Map<string, string>();
  for (const pair of query.split("&")) {
    const [key, value, extra] = pair.split("=");
    if (key === undefined || value === undefined || extra !== undefined || params.has(key)) return null;
    params.set(key, value);
  }
  return params;
}

/** The session a flute:// URL names, or null when anything about it is wrong. */
export function parseFluteUrl(url: string): FluteUrl | null {
  if (typeof url !== "string" || url.length > MAX_URL_LENGTH) return null;
  const m = URL_SHAPE.exec(url);
  if (!m) return null;
  const source = address(m[1]);
  const group = address(m[2]);
  if ((m[1] !== undefined && source === undefined) || group === undefined) return null;
  if (!isMulticastAddress(group) || (source !== undefined && isMulticastAddress(source))) return null;
  if (source !== undefined && isIP(source) !== isIP(group)) return null;
  const params = m[4] === undefined ? null : queryParams(m[4]);
  if (params === null || params.size !== 3) return null;
  const port = decimal(m[3], 1, 65_535);
  const tsi = decimal(params.get("tsi"), 0, MAX_U32);
  const toi = decimal(params.get("toi"), 1, MAX_U32);
  const version = decimal(params.get("v"), 1, 2) as FluteVersion | undefined;
  if (port === undefined || tsi === undefined || toi === undefined || version === undefined) return null;
  return source === undefined
    ? { group, port, tsi, toi, version }
    : { source, group, port, tsi, toi, version };
}
