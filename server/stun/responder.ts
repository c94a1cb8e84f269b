// What the STUN server answers to one datagram (RFC 5389 §7.3 / §10.1.2, RFC 3489 §9, TR-111 Part 2):
// a decision without I/O, so every rule is testable alone. Order: parse, FINGERPRINT, authentication
// (401 with no hint whether the user or the signature was wrong), comprehension-required attributes
// (420), then the Binding Response. A source that has not proven a device's key never gets a datagram
// larger than the one it sent (no amplification): optional attributes are left out, and when even the
// smallest answer is larger the request is dropped.
import {
  ATTR,
  encodeAddress,
  errorCode,
  has,
  unknownAttributes,
  unknownRequired,
  username as usernameOf,
  type TransportAddress,
} from "./attributes";
import { signMessage, verifyFingerprint, verifyIntegrity } from "./integrity";
import { METHOD_BINDING, parseMessage, type StunAttribute, type StunMessage } from "./message";

export interface StunDevice {
  deviceId: number;
  password: string;
}

export interface StunRequestContext {
  source: TransportAddress;
  requireIntegrity: boolean;
  /** The device a USERNAME names and its STUN password; null when it names none. */
  credentials(username: string): Promise<StunDevice | null>;
}

export type StunOutcome =
  "answered" | "unauthorized" | "unknown-attribute" | "malformed" | "ignored" | "amplification-dropped";

export interface StunDecision {
  outcome: StunOutcome;
  reply?: Buffer;
  /** The device whose binding this request keeps alive (set only on an answered Binding Request). */
  binding?: { deviceId: number; authenticated: boolean; bindingChange: boolean };
}

export async function respond(raw: Buffer, ctx: StunRequestContext): Promise<StunDecision> {
  const parsed = parseMessage(raw);
  if (!parsed.ok) return { outcome: "malformed" };
  const request = parsed.message;
  // Responses and indications get no answer; neither do methods other than Binding (nothing else is served).
  if (request.cls !== "request" || request.method !== METHOD_BINDING) return { outcome: "ignored" };
  if (verifyFingerprint(raw) === "invalid") return { outcome: "malformed" };
  const fingerprint = has(request, ATTR.FINGERPRINT);

  const name = usernameOf(request);
  const signed = has(request, ATTR.MESSAGE_INTEGRITY);
  let device: StunDevice | null = null;
  if (signed) {
    device = name ? await ctx.credentials(name) : null;
    if (!device || verifyIntegrity(raw, device.password) !== "valid") return unauthorized(raw, request);
  } else if (ctx.requireIntegrity) {
    return unauthorized(raw, request);
  } else if (name) {
    device = await ctx.credentials(name);
  }
  const key = signed && device ? device.password : undefined;

  const unknown = unknownRequired(request);
  if (unknown.length > 0) {
    const reply = fit(
      raw,
      key,
      request,
      "error",
      [
        [errorCode(420, "Unknown Attribute"), unknownAttributes(unknown)],
        [errorCode(420, ""), unknownAttributes(unknown)],
      ],
      fingerprint,
    );
    return reply ? { outcome: "unknown-attribute", reply } : { outcome: "amplification-dropped" };
  }

  const mapped = encodeAddress(ATTR.MAPPED_ADDRESS, ctx.source);
  if (!mapped) return { outcome: "ignored" };
  const xor = request.classic
    ? undefined
    : encodeAddress(ATTR.XOR_MAPPED_ADDRESS, ctx.source, request.transactionId);
  // RFC 5389 clients read XOR-MAPPED-ADDRESS (MAPPED-ADDRESS is kept for RFC 3489 era parsers);
  // classic clients know MAPPED-ADDRESS only.
  const variants: StunAttribute[][] = xor ? [[mapped, xor], [xor]] : [[mapped]];
  const reply = fit(raw, key, request, "success", variants, fingerprint);
  if (!reply) return { outcome: "amplification-dropped" };
  return {
    outcome: "answered",
    reply,
    binding: device
      ? {
          deviceId: device.deviceId,
          authenticated: key !== undefined,
          bindingChange: has(request, ATTR.BINDING_CHANGE),
        }
      : undefined,
  };
}

function unauthorized(raw: Buffer, request: StunMessage): StunDecision {
  const reply = fit(
    raw,
    undefined,
    request,
    "error",
    [[errorCode(401, "Unauthorized")], [errorCode(401, "")]],
    false,
  );
  return reply ? { outcome: "unauthorized", reply } : { outcome: "amplification-dropped" };
}

/**
 * The first variant that may be sent: any when signed with the device's key (the source proved it
 * holds it), otherwise the first no larger than the request.
 */
function fit(
  raw: Buffer,
  key: string | undefined,
  request: StunMessage,
  cls: "success" | "error",
  variants: StunAttribute[][],
  fingerprint: boolean,
): Buffer | undefined {
  for (const attributes of variants) {
    const reply = signMessage(
      {
        method: METHOD_BINDING,
        cls,
        classic: request.classic,
        transactionId: request.transactionId,
        attributes,
      },
      { key, fingerprint },
    );
    if (key !== undefined || reply.length <= raw.length) return reply;
  }
  return undefined;
}
