// Wakes a device that has work queued: a connection request when it is reachable and not already in
// a session (a session picks the work up itself at its next empty POST). Where the request may go is
// checked in the transport (address-guard.ts); a refusal is logged as a warning with the device.
// A device behind a NAT with a fresh STUN binding gets a UDP connection request instead (server/stun).
import { sendConnectionRequest, type ConnectionRequestResult } from "../cwmp/transport/connection-request";
import { db } from "../db";
import { settings } from "../env";
import { logger } from "../logger";
import { observeConnectionRequest, type ConnectionRequestOutcome } from "../observability/metrics";
import { openSecret } from "../secrets-file";
import { wakeViaUdp, type UdpWakeResult } from "../stun/udp-wake";
import { isOnline } from "./search-sql";

/** `transport: "udp"` when the request went as a UDP datagram (TR-111); HTTP results carry none. */
export type WakeResult =
  | ConnectionRequestResult
  | UdpWakeResult
  | { ok: false; reason: "in-session" | "no-url" | "not-found" | "offline" };

export async function wakeDevice(deviceId: number): Promise<WakeResult> {
  const result = await wake(deviceId);
  observeConnectionRequest(outcomeOf(result));
  return result;
}

const NOT_SENT: readonly string[] = ["in-session", "no-url", "not-found", "offline"];

/** How a wake went out, for the console: "udp", "http", or "none" when nothing was sent. */
export function wakeTransport(result: WakeResult): "udp" | "http" | "none" {
  if ("transport" in result) return "udp";
  if (!result.ok && NOT_SENT.includes(result.reason)) return "none";
  return "http";
}

/** For /metrics: skipped = not sent at all (in a session, unreachable or gone). */
function outcomeOf(result: WakeResult): ConnectionRequestOutcome {
  if (result.ok) return "accepted";
  if ("refused" in result && result.refused) return "refused";
  return NOT_SENT.includes(result.reason) ? "skipped" : "failed";
}

async function wake(deviceId: number): Promise<WakeResult> {
  const device = await db().device.findUnique({
    where: { id: deviceId },
    select: {
      connectionRequestUrl: true,
      connectionRequestUsername: true,
      connectionRequestPassword: true,
      sessionId: true,
      sessionExpires: true,
      lastInform: { select: { informedAt: true } },
      periodicInformInterval: true,
    },
  });
  if (!device) return { ok: false, reason: "not-found" };
  if (device.sessionId && device.sessionExpires && device.sessionExpires > new Date())
    return { ok: false, reason: "in-session" };
  if (!device.connectionRequestUrl) return { ok: false, reason: "no-url" };
  // An offline device would only time out; its work runs at its next Inform.
  if (!isOnline(device.lastInform?.informedAt ?? null, device.periodicInformInterval, new Date()))
    return { ok: false, reason: "offline" };
  const s = settings();
  const log = logger("connection-request");
  let requiredAddress: string | undefined;
  if (s.CONNECTION_REQUEST_REQUIRE_SOURCE_MATCH) {
    requiredAddress = await informSource(deviceId);
    if (requiredAddress === undefined) {
      const reason = "no Inform source address recorded; refused (CONNECTION_REQUEST_REQUIRE_SOURCE_MATCH)";
      log.warn({ deviceId, reason }, "connection request refused");
      return { ok: false, reason, refused: true };
    }
  }
  // Sealed at rest (task-effects.ts); a row written before that is plain and opens as is.
  let password = s.CONNECTION_REQUEST_PASSWORD;
  try {
    if (device.connectionRequestPassword !== null) password = openSecret(device.connectionRequestPassword);
  } catch (error) {
    const reason = (error as Error).message;
    log.error({ deviceId, reason }, "connection request not sent: stored password cannot be opened");
    return { ok: false, reason };
  }
  const username = device.connectionRequestUsername ?? s.CONNECTION_REQUEST_USERNAME;
  const allowedNetworks = s.CONNECTION_REQUEST_ALLOWED_NETWORKS;
  // Behind a NAT with a fresh STUN binding: a UDP datagram through the mapping (server/stun).
  const udp = await wakeViaUdp(
    deviceId,
    { username: username ?? "", password: password ?? "" },
    { allowedNetworks, requiredAddress },
  );
  if (udp) {
    if (udp.ok) log.debug({ deviceId, target: udp.target }, "UDP connection request sent");
    else log.warn({ deviceId, reason: udp.reason }, "UDP connection request not sent");
    return udp;
  }
  const result = await sendConnectionRequest({
    url: device.connectionRequestUrl,
    username,
    password,
    timeoutMs: s.CONNECTION_REQUEST_TIMEOUT_MS,
    policy: { allowedNetworks, allowBasic: s.CONNECTION_REQUEST_ALLOW_BASIC, requiredAddress },
  });
  if (result.ok) log.debug({ deviceId }, "connection request accepted");
  else if (result.refused) log.warn({ deviceId, reason: result.reason }, "connection request refused");
  else log.info({ deviceId, reason: result.reason, status: result.status }, "connection request failed");
  return result;
}

/** The address the device's latest Inform came from (the TCP peer, not a value the CPE reported). */
async function informSource(deviceId: number): Promise<string | undefined> {
  const last = await db().informEvent.findFirst({
    where: { deviceId, remoteAddress: { not: null } },
    orderBy: { receivedAt: "desc" },
    select: { remoteAddress: true },
  });
  return last?.remoteAddress ?? undefined;
}
