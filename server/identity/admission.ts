// Whether an authenticated Inform may open a session, decided before anything of it is written.
// Shared credentials (CWMP_USERNAME/CWMP_PASSWORD) are known to the whole fleet, so they cannot
// prove which device is speaking: once a device has confirmed its own credentials, an Inform in its
// name with the shared ones is someone else, or the device after a factory reset: one the ACS sent is
// expected (admitted, credentials issued again); any other is for an operator to decide (./conflicts.ts). Cost per session: nothing for CWMP_AUTH=none and own credentials, one
// unique-index read for shared ones, one update the first time pending credentials are used.
import type { AuthPrincipal } from "../cwmp/session/backend";
import type { DeviceIdStruct } from "../cwmp/soap/types";
import { db } from "../db";
import { settings } from "../env";
import { clearOwnCredentials, confirmPendingCredentials } from "./credentials";
import { recordConflict } from "./conflicts";

export type Admission = { admitted: true } | { admitted: false; reason: string };

export interface AdmissionInput {
  principal: AuthPrincipal;
  deviceId: DeviceIdStruct;
  /** Canonical event codes of the Inform ("0 BOOTSTRAP"). */
  eventCodes: readonly string[];
  remoteAddress: string;
}

export const SHARED_REFUSED =
  "shared CWMP credentials used for a device that has confirmed its own ACS credentials";
export const BOOTSTRAP_REFUSED = `${SHARED_REFUSED} (0 BOOTSTRAP: factory reset or another CPE claiming its identity)`;

export async function admitInform(input: AdmissionInput): Promise<Admission> {
  const { principal } = input;
  if (principal.kind === "device") {
    // The transport already bound these credentials to this very device.
    if (principal.pending) await confirmPendingCredentials(principal.username);
    return { admitted: true };
  }
  if (principal.kind === "none" || !settings().CWMP_REFUSE_SHARED_CREDENTIALS) return { admitted: true };
  const { oui, productClass, serialNumber } = input.deviceId;
  const device = await db().device.findUnique({
    where: { oui_productClass_serialNumber: { oui, productClass, serialNumber } },
    select: { id: true, cwmpHa1: true, cwmpCredentialsConfirmedAt: true },
  });
  // Unknown devices and devices without confirmed credentials of their own are admitted as before.
  if (device?.cwmpHa1 == null) return { admitted: true };
  if (!input.eventCodes.includes("0 BOOTSTRAP")) return { admitted: false, reason: SHARED_REFUSED };
  if (await resetByUs(device.id, device.cwmpCredentialsConfirmedAt)) {
    // We sent it a FactoryReset: it lost its own credentials as we asked and comes back with the
    // factory ones. It gets new credentials at this BOOTSTRAP, no operator decision needed.
    await db().$transaction((tx) => clearOwnCredentials(tx, device.id));
    return { admitted: true };
  }
  await recordConflict({
    deviceId: device.id,
    reason: BOOTSTRAP_REFUSED,
    remoteAddress: input.remoteAddress,
    eventCodes: input.eventCodes,
  });
  return { admitted: false, reason: BOOTSTRAP_REFUSED };
}

/**
 * Whether the ACS itself sent this device a FactoryReset after its own credentials were confirmed
 * (answered or not: a CPE may reset without answering), within the last TASK_LIFETIME_HOURS.
 */
async function resetByUs(deviceId: number, confirmedAt: Date | null): Promise<boolean> {
  const since = new Date(Date.now() - settings().TASK_LIFETIME_HOURS * 3_600_000);
  const after = confirmedAt && confirmedAt > since ? confirmedAt : since;
  const reset = await db().task.findFirst({
    where: { deviceId, name: "FactoryReset", state: { in: ["sent", "done"] }, sentAt: { gte: after } },
    select: { id: true },
  });
  return reset !== null;
}
