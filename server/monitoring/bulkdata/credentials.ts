// Per-device BulkData credentials: the password is derived from an application secret and the device's
// identity, so nothing per device is stored and a leaked password opens one device's reports only.
import { createHmac } from "node:crypto";
import { appSecret } from "../../secrets";

export interface BulkDataIdentity {
  oui: string;
  serialNumber: string;
}

export const BULKDATA_KEY = "bulkdata-key";

/** The password a device's BulkData profile carries: HMAC-SHA256(secret, "<oui>-<serial>"), base64url. */
export async function bulkdataPasswordFor(device: BulkDataIdentity): Promise<string> {
  return derivePassword(await appSecret(BULKDATA_KEY), device);
}

export function derivePassword(secret: string, device: BulkDataIdentity): string {
  return createHmac("sha256", secret).update(`${device.oui}-${device.serialNumber}`).digest("base64url");
}
