// Webhook signatures: `Vantage-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
// The timestamp is inside the MAC so a captured delivery cannot be replayed later than the receiver's
// tolerance; the raw body (the exact bytes sent) is signed, not a re-serialisation of the JSON.
// Kept free of the database and of "server-only": receivers and tests import it as is.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Vantage-Signature";
export const EVENT_HEADER = "Vantage-Event";
export const DELIVERY_HEADER = "Vantage-Delivery";

function mac(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/** The Vantage-Signature header value for body, signed at `nowSeconds`. */
export function signWebhook(
  secret: string,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): string {
  return `t=${nowSeconds},v1=${mac(secret, nowSeconds, body)}`;
}

/**
 * True when header is a valid signature of body by secret, made within toleranceSeconds of now (either
 * way: clocks drift). Several v1 values are accepted (one of them must match), so a sender may sign
 * with an old and a new secret during a rotation.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value = ""] = part.trim().split("=", 2);
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(mac(secret, timestamp, body), "hex");
  return signatures.some((s) => timingSafeEqual(Buffer.from(s, "hex"), expected));
}
