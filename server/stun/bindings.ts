// The STUN binding store (StunBinding, shared by every ACS process): where a device's UDP connection
// requests must go, whether it sits behind a NAT, and how its UDP requests fare. Keep-alives arrive
// every few seconds to minutes per device, so an in-process cache skips the write when nothing changed
// and lastSeen was written less than a quarter of STUN_BINDING_FRESH_SECONDS ago: freshness stays
// accurate to that quarter, and a million boxes do not mean a million writes a minute.
// (No "server-only": the custom server loads this outside Next, where that import throws.)
import { normalizeAddress } from "../cwmp/transport/address-guard";
import { db } from "../db";
import { settings } from "../env";
import { observeStunBindingChange, observeUdpConnectionRequest } from "../observability/metrics";

interface Cached {
  address: string;
  port: number;
  authenticated: boolean;
  natDetected: boolean;
  writtenAt: number;
}

const MAX_CACHED = 100_000;
const cache = new Map<number, Cached>();
/** NATDetected as devices last reported it (Inform), so a binding write needs no parameter read. */
const reportedNat = new Map<number, boolean>();

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  if (map.size >= MAX_CACHED) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, value);
}

export interface BindingSeen {
  deviceId: number;
  address: string;
  port: number;
  authenticated: boolean;
  /** the request carried BINDING-CHANGE */
  bindingChange: boolean;
  now?: Date;
}

/** Records a Binding Request; returns whether the mapping changed (false when the write was skipped). */
export async function recordBinding(seen: BindingSeen): Promise<boolean> {
  const now = seen.now ?? new Date();
  const address = normalizeAddress(seen.address);
  const cached = cache.get(seen.deviceId);
  const quarter = (settings().STUN_BINDING_FRESH_SECONDS * 1000) / 4;
  if (
    cached &&
    cached.address === address &&
    cached.port === seen.port &&
    cached.authenticated === seen.authenticated &&
    !seen.bindingChange &&
    now.getTime() - cached.writtenAt < quarter
  )
    return false;
  const row = await db().stunBinding.findUnique({
    where: { deviceId: seen.deviceId },
    select: { address: true, port: true },
  });
  const changed = seen.bindingChange || (row !== null && (row.address !== address || row.port !== seen.port));
  const natDetected = await natFor(seen.deviceId, address);
  const report = reportedNat.get(seen.deviceId);
  const data = {
    address,
    port: seen.port,
    lastSeen: now,
    authenticated: seen.authenticated,
    natDetected,
    ...(changed ? { changedAt: now, changes: { increment: 1 } } : {}),
  };
  await db().stunBinding.upsert({
    where: { deviceId: seen.deviceId },
    create: { deviceId: seen.deviceId, ...data, firstSeen: now, changes: changed ? 1 : 0 },
    update: data,
  });
  if (changed) observeStunBindingChange();
  // An Inform reporting NATDetected while this write was under way found no row to update: apply it now.
  if (reportedNat.get(seen.deviceId) !== report) await noteReportedNat(seen.deviceId);
  remember(cache, seen.deviceId, {
    address,
    port: seen.port,
    authenticated: seen.authenticated,
    natDetected,
    writtenAt: now.getTime(),
  });
  return changed;
}

const hostOf = (hostPort: string): string | null => {
  const m = /^\[?([^\]]+?)\]?:\d{1,5}$/.exec(hostPort.trim());
  return m ? normalizeAddress(m[1]!) : null;
};

/**
 * Behind a NAT when the device says so (NATDetected), or when the address it reports for itself (its
 * UDPConnectionRequestAddress or ConnectionRequestURL host) is not the one its requests come from.
 */
async function natFor(deviceId: number, mapped: string): Promise<boolean> {
  let reported = reportedNat.get(deviceId);
  const device = await db().device.findUnique({
    where: { id: deviceId },
    select: { connectionRequestUrl: true, udpConnectionRequestAddr: true, rootObject: true },
  });
  if (!device) return false;
  if (reported === undefined) {
    reported = (await reportedNatDetected(deviceId, device.rootObject)) ?? false;
    // An Inform may have reported it while the query ran: the report wins over the stored document.
    if (reportedNat.has(deviceId)) reported = reportedNat.get(deviceId)!;
    else remember(reportedNat, deviceId, reported);
  }
  if (reported) return true;
  const own = [device.udpConnectionRequestAddr ? hostOf(device.udpConnectionRequestAddr) : null];
  try {
    if (device.connectionRequestUrl)
      own.push(normalizeAddress(new URL(device.connectionRequestUrl).hostname));
  } catch {
    // an unparseable URL says nothing about the device's address
  }
  return own.some((a) => a !== null && a !== mapped);
}

async function reportedNatDetected(deviceId: number, rootObject: string): Promise<boolean | undefined> {
  const path = `${rootObject.replace(/\.$/, "")}.ManagementServer.NATDetected`;
  const rows = await db().$queryRaw<{ v: string | null }[]>`
    SELECT parameters -> ${path}::text ->> 'v' AS v FROM "Device" WHERE id = ${deviceId}`;
  const v = rows[0]?.v;
  return v === undefined || v === null ? undefined : v === "true" || v === "1";
}

/**
 * The device reported NATDetected or its UDPConnectionRequestAddress (an Inform): the binding follows
 * at once. `natDetected` undefined: only the address changed, the last report stands.
 */
export async function noteReportedNat(deviceId: number, natDetected?: boolean): Promise<void> {
  if (natDetected !== undefined) remember(reportedNat, deviceId, natDetected);
  const row = await db().stunBinding.findUnique({ where: { deviceId }, select: { address: true } });
  if (!row) return;
  const nat = await natFor(deviceId, row.address);
  await db().stunBinding.update({ where: { deviceId }, data: { natDetected: nat } });
  const cached = cache.get(deviceId);
  if (cached) cached.natDetected = nat;
}

export interface UdpTarget {
  address: string;
  port: number;
}

/** Where a UDP connection request may go: a NATed device's binding seen within the freshness window. */
export async function freshNatBinding(deviceId: number, now = new Date()): Promise<UdpTarget | null> {
  const since = new Date(now.getTime() - settings().STUN_BINDING_FRESH_SECONDS * 1000);
  return db().stunBinding.findFirst({
    where: { deviceId, natDetected: true, lastSeen: { gte: since } },
    select: { address: true, port: true },
  });
}

export async function recordUdpRequestSent(deviceId: number, now = new Date()): Promise<void> {
  await db().stunBinding.update({
    where: { deviceId },
    data: { udpRequestsSent: { increment: 1 }, lastUdpRequestAt: now },
  });
}

/** How long after a UDP connection request the device's session still counts as its answer. */
export const UDP_ANSWER_WINDOW_MS = 5 * 60_000;

/** The device's 6 CONNECTION REQUEST session: the last UDP request not yet answered is answered now. */
export async function recordUdpAnswered(deviceId: number, now = new Date()): Promise<number | null> {
  const row = await db().stunBinding.findUnique({
    where: { deviceId },
    select: { lastUdpRequestAt: true, lastUdpAnsweredAt: true },
  });
  const sent = row?.lastUdpRequestAt;
  if (!sent || (row.lastUdpAnsweredAt && row.lastUdpAnsweredAt >= sent)) return null;
  const latencyMs = Math.max(0, now.getTime() - sent.getTime());
  // A session long after the request answers something else (a later HTTP request, the device's own
  // reason): not counted — and the figure always fits the integer column.
  if (latencyMs > UDP_ANSWER_WINDOW_MS) return null;
  // Conditional on the same request still being the last one, so two processes count it once.
  const { count } = await db().stunBinding.updateMany({
    where: { deviceId, lastUdpRequestAt: sent },
    data: { udpRequestsAnswered: { increment: 1 }, lastUdpAnsweredAt: now, lastUdpLatencyMs: latencyMs },
  });
  if (count === 0) return null;
  observeUdpConnectionRequest("answered", latencyMs);
  return latencyMs;
}

/** Tests: forget the process's caches. */
export function clearBindingCache(): void {
  cache.clear();
  reportedNat.clear();
}
