// CPE authentication at the Inform: none, Basic, or Digest, against per-device credentials (looked
// up through the backend) or the shared CWMP_USERNAME/CWMP_PASSWORD. A failed login writes nothing.
// A session-less empty POST (libcurl agents learning the Digest challenge) is authenticated with no
// device: the shared credentials or any device's own credentials let it through; only an Inform
// binds per-device credentials to their device.
// A captured Digest header cannot be replayed: its `uri` must name this request, its nonce must be
// younger than the nonce life, and its (nonce, nonce-count) is recorded once for all processes
// (SessionBackend.recordNonceUse), so the same count is refused the second time. Basic, which sends
// the password itself, is accepted only over TLS unless explicitly allowed.
import type http from "node:http";
import type { AuthPrincipal, SessionBackend } from "../session/backend";
import type { DeviceIdStruct } from "../soap/types";
import {
  checkNonce,
  digestChallenge,
  digestUriMatches,
  ha1,
  makeNonce,
  nonceCount,
  nonceIssuedAt,
  parseAuthorization,
  verifyDigest,
} from "./digest";

export interface AuthConfig {
  mode: "none" | "basic" | "digest";
  realm: string;
  shared?: { username: string; password: string };
  /** Key for stateless nonces, shared by every ACS process. */
  nonceKey: string;
  /** Nonce life (CWMP_NONCE_LIFETIME): a captured header is useless after it. */
  nonceMaxAgeMs: number;
  /** CWMP_ALLOW_BASIC_WITHOUT_TLS: accept Basic on the plain listener (password in clear). */
  allowBasicWithoutTls?: boolean;
  /** The request arrived over TLS; set by the listener (createCwmpServer), not by configuration. */
  tls?: boolean;
}

export type AuthVerdict =
  | { status: "ok"; principal: AuthPrincipal }
  /** `challenged`: no credentials were sent at all, the normal first step of Digest (not a failure). */
  | { status: "denied"; reason: string; challenge?: string; challenged?: boolean };

export async function authenticate(
  req: http.IncomingMessage,
  /** The Inform's DeviceId; undefined for a session-less empty POST. */
  device: DeviceIdStruct | undefined,
  config: AuthConfig,
  backend: Pick<SessionBackend, "credentialsFor" | "recordNonceUse">,
): Promise<AuthVerdict> {
  if (config.mode === "none") return { status: "ok", principal: { kind: "none" } };
  const challenge = (stale = false): string =>
    config.mode === "digest"
      ? digestChallenge(config.realm, makeNonce(config.nonceKey), stale)
      : `Basic realm="${config.realm}"`;
  const given = parseAuthorization(req.headers.authorization);
  if (!given) return { status: "denied", reason: "no credentials", challenge: challenge(), challenged: true };

  if (given.scheme === "Basic") {
    // Basic only where configured (it sends the password in clear: use it over TLS).
    if (config.mode !== "basic")
      return { status: "denied", reason: "basic not allowed", challenge: challenge() };
    // Refused before the password is even compared: over plain HTTP it has already leaked.
    if (!config.tls && !config.allowBasicWithoutTls)
      return { status: "denied", reason: "basic without TLS", challenge: challenge() };
    const expected = await expectedHa1(given.username, device, config, backend);
    if (!expected || expected.ha1 !== ha1(given.username, config.realm, given.password)) {
      return { status: "denied", reason: "wrong credentials", challenge: challenge() };
    }
    return { status: "ok", principal: expected.principal };
  }

  if (config.mode !== "digest")
    return { status: "denied", reason: "digest not allowed", challenge: challenge() };
  const { username, nonce, realm, uri } = given.params;
  if (!username || !nonce || !uri || realm !== config.realm)
    return { status: "denied", reason: "malformed digest", challenge: challenge() };
  const nc = nonceCount(given.params);
  if (nc === null) return { status: "denied", reason: "malformed nonce-count", challenge: challenge() };
  if (!digestUriMatches(uri, req.url ?? "/"))
    return { status: "denied", reason: "digest uri does not match the request", challenge: challenge() };
  const freshness = checkNonce(config.nonceKey, nonce, config.nonceMaxAgeMs);
  if (freshness === "invalid") return { status: "denied", reason: "unknown nonce", challenge: challenge() };
  const expected = await expectedHa1(username, device, config, backend);
  if (!expected || !verifyDigest(given.params, req.method ?? "POST", expected.ha1)) {
    return { status: "denied", reason: "wrong credentials", challenge: challenge() };
  }
  if (freshness === "stale") return { status: "denied", reason: "stale nonce", challenge: challenge(true) };
  // checkNonce accepted it, so it has our form and its issue time.
  const issuedAt = nonceIssuedAt(nonce);
  if (issuedAt === null) return { status: "denied", reason: "unknown nonce", challenge: challenge() };
  // Recorded only once the response verified: a forger cannot burn a genuine client's counts.
  const fresh = await backend.recordNonceUse(nonce, nc, new Date(issuedAt + config.nonceMaxAgeMs));
  if (!fresh) return { status: "denied", reason: "replayed nonce-count", challenge: challenge() };
  return { status: "ok", principal: expected.principal };
}

async function expectedHa1(
  username: string,
  device: DeviceIdStruct | undefined,
  config: AuthConfig,
  backend: Pick<SessionBackend, "credentialsFor">,
): Promise<{ ha1: string; principal: AuthPrincipal } | null> {
  if (config.shared && username === config.shared.username) {
    return {
      ha1: ha1(config.shared.username, config.realm, config.shared.password),
      principal: { kind: "shared" },
    };
  }
  const own = await backend.credentialsFor(username);
  if (!own) return null;
  const principal: AuthPrincipal = { kind: "device", username, pending: own.pending };
  if (device === undefined) return { ha1: own.ha1, principal };
  // Per-device credentials only open sessions for the device they were issued to.
  const same =
    own.deviceId.serialNumber === device.serialNumber &&
    own.deviceId.oui === device.oui &&
    own.deviceId.productClass === device.productClass;
  return same ? { ha1: own.ha1, principal } : null;
}
