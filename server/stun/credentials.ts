// Per-device STUN credentials (TR-111 STUNUsername/STUNPassword): the username names the device
// ("<oui>-<serial>"), the password is derived from an application secret and that identity, so nothing
// per device is stored and a leaked password opens one device's bindings only. Profiles hand them out as
// ${stunUsername} / ${stunPassword} (service.ts registers the references).
import { createHmac } from "node:crypto";

export interface StunIdentity {
  oui: string;
  serialNumber: string;
}

export const STUN_KEY = "stun-key";

export const stunUsernameFor = (d: StunIdentity): string => `${d.oui}-${d.serialNumber}`;

/** HMAC-SHA256(secret, "stun:<oui>-<serial>"), base64url: distinct from the BulkData password. */
export function deriveStunPassword(secret: string, d: StunIdentity): string {
  return createHmac("sha256", secret)
    .update(`stun:${stunUsernameFor(d)}`)
    .digest("base64url");
}

/** "<oui>-<serial>" back to its parts (the OUI is 6 hex digits; serials may contain "-"); null if not ours. */
export function parseStunUsername(username: string): StunIdentity | null {
  const m = /^([0-9A-Fa-f]{6})-(.{1,64})$/.exec(username);
  return m ? { oui: m[1]!, serialNumber: m[2]! } : null;
}
