// Picking a live FLUTE session's group and TSI: one group per live session (a receiver joined to a
// group then hears one carousel only) and a TSI no other live session uses (receivers filter on it).
// Pure, so the choice is unit-tested without a database.
import { parseCidrList } from "../../cwmp/transport/address-guard";

/** How many candidate groups are looked at per network at most (a /8 is not enumerated). */
const MAX_CANDIDATES = 4096;

function ipv4ToNumber(address: string): number {
  return address.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

const isMulticast4 = (n: number) => n >= 0xe0000000 && n <= 0xefffffff;

/**
 * The first IPv4 multicast address in `allowed` (FLUTE_GROUPS) that is not in `used`, skipping each
 * network's first address (x.y.z.0 looks like a network address to people reading captures); null when
 * every candidate is taken or the list has no IPv4 multicast network.
 */
export function pickGroup(allowed: string, used: ReadonlySet<string>): string | null {
  const parsed = parseCidrList(allowed);
  if ("error" in parsed) return null;
  for (const net of parsed.networks) {
    if (net.family !== "ipv4") continue;
    const size = 2 ** (32 - net.prefix);
    const base = ipv4ToNumber(net.address) - (ipv4ToNumber(net.address) % size);
    const first = size > 1 ? 1 : 0;
    for (let i = first; i < Math.min(size, MAX_CANDIDATES + first); i++) {
      const n = base + i;
      if (!isMulticast4(n)) continue;
      const group = numberToIpv4(n);
      if (!used.has(group)) return group;
    }
  }
  return null;
}

/** A random 32-bit TSI (not 0) that no live session uses; `random` is injectable for tests. */
export function pickTsi(used: ReadonlySet<number>, random: () => number = Math.random): number {
  for (let i = 0; i < 64; i++) {
    const tsi = 1 + Math.floor(random() * 0xfffffffe);
    if (!used.has(tsi)) return tsi;
  }
  // 64 collisions in a 2^32 space means `random` is broken; walk upwards instead.
  let tsi = 1;
  while (used.has(tsi)) tsi++;
  return tsi;
}
