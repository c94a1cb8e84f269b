// The STUN service of one ACS process (TR-111 Part 2): the listener, the devices' credentials behind
// it, the binding store it feeds, the profile references that hand devices their STUN settings, and the
// Inform hook that follows NATDetected and answered UDP connection requests. Off unless STUN_ENABLED.
// (No "server-only": the custom server loads this outside Next, where that import throws.)
import { registerServerReference } from "../../lib/profiles/references";
import { db } from "../db";
import type { Settings } from "../env";
import { onInformRecorded, type InformRecordedEvent } from "../events/session-events";
import { logger } from "../logger";
import { observeStunRequest } from "../observability/metrics";
import { appSecret } from "../secrets";
import { noteReportedNat, recordBinding, recordUdpAnswered } from "./bindings";
import { deriveStunPassword, parseStunUsername, STUN_KEY, stunUsernameFor } from "./credentials";
import type { StunDevice } from "./responder";
import { setStunSender } from "./sender";
import { startStunServer } from "./server";

export interface StunService {
  /** the bound UDP port; undefined when STUN is off */
  port?: number;
  stop(): Promise<void>;
}

const CACHE_MAX = 10_000;
const KNOWN_TTL_MS = 5 * 60_000;
const UNKNOWN_TTL_MS = 10_000;

export async function startStun(s: Settings): Promise<StunService> {
  if (!s.STUN_ENABLED) return { stop: async () => {} };
  const log = logger("stun");
  const secret = await appSecret(STUN_KEY);
  const credentials = credentialCache(secret);
  const server = await startStunServer({
    host: s.HOST,
    port: s.STUN_PORT,
    requireIntegrity: s.STUN_REQUIRE_INTEGRITY,
    ratePerSource: s.STUN_RATE_PER_SOURCE,
    credentials,
    onOutcome: observeStunRequest,
    onBinding: (b, source) => {
      recordBinding({ ...b, address: source.address, port: source.port }).catch((err: unknown) =>
        log.warn({ err, deviceId: b.deviceId }, "could not record STUN binding"),
      );
    },
  });
  const wildcard = s.HOST === "0.0.0.0" || s.HOST === "::";
  const address = s.STUN_PUBLIC_ADDRESS ?? (wildcard ? "127.0.0.1" : s.HOST);
  const offs = [
    registerServerReference("stunUsername", (d) => stunUsernameFor(d)),
    registerServerReference("stunPassword", (d) => deriveStunPassword(secret, d)),
    registerServerReference("stunServerAddress", () => address),
    registerServerReference("stunServerPort", () => String(server.port)),
    onInformRecorded("stun", followInform),
    setStunSender(server),
  ];
  log.info({ port: server.port, address, requireIntegrity: s.STUN_REQUIRE_INTEGRITY }, "STUN listening");
  return {
    port: server.port,
    async stop() {
      for (const off of offs) off();
      await server.close();
    },
  };
}

const NAT_DETECTED = ".ManagementServer.NATDetected";
const UDP_ADDRESS = ".ManagementServer.UDPConnectionRequestAddress";

/** Cheap unless the Inform carries the TR-111 values or is a connection-request session. */
async function followInform({ device, inform, codes }: InformRecordedEvent): Promise<void> {
  if (codes.has("6 CONNECTION REQUEST")) await recordUdpAnswered(device.id);
  let nat: boolean | undefined;
  let address = false;
  for (const p of inform.parameterList) {
    if (p.name.endsWith(NAT_DETECTED)) nat = /^(1|true)$/i.test(p.value.trim());
    else if (p.name.endsWith(UDP_ADDRESS)) address = true;
  }
  if (nat !== undefined || address) await noteReportedNat(device.id, nat);
}

/** USERNAME → device and password, cached (keep-alives repeat the same few lookups all day). */
function credentialCache(secret: string): (username: string) => Promise<StunDevice | null> {
  const cache = new Map<string, { value: StunDevice | null; until: number }>();
  return async (username) => {
    const now = Date.now();
    const hit = cache.get(username);
    if (hit && hit.until > now) return hit.value;
    const identity = parseStunUsername(username);
    const device = identity
      ? await db().device.findFirst({
          where: { oui: identity.oui, serialNumber: identity.serialNumber },
          select: { id: true, oui: true, serialNumber: true },
        })
      : null;
    const value = device ? { deviceId: device.id, password: deriveStunPassword(secret, device) } : null;
    cache.delete(username);
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(username, { value, until: now + (value ? KNOWN_TTL_MS : UNKNOWN_TTL_MS) });
    return value;
  };
}
