// Each device's own ACS credentials (ManagementServer.Username/Password, the ones it authenticates its
// Informs with). Issued at first contact / BOOTSTRAP as a SetParameterValues of their own; only the
// Digest HA1 is kept, never the password (it travels once, in the task's request). They stay pending
// until the device opens a session with them, then become confirmed and the shared credentials are
// refused for that device (./admission.ts).
import { createHash, randomBytes } from "node:crypto";
import type { AcsRequest } from "../cwmp/soap/types";
import { db } from "../db";
import { settings } from "../env";
import type { Prisma } from "../generated/prisma/client";

type Tx = Prisma.TransactionClient;

/** createdBy of the credentials task: tells its fault apart from the other provisioning work. */
export const ACS_CREDENTIALS_CREATOR = "system:identity";

/** Room for the device id and separators within the 256 characters ManagementServer.Username holds. */
const PART_MAX = 64;

/** Only characters every CPE and every Digest client takes in a username. */
function sanitize(part: string): string {
  const clean = part.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, PART_MAX);
  return clean || "_";
}

/** `<OUI>-<serial>-<device id>`: readable in a CPE's log, unique through the id. */
export function acsUsername(device: { id: number; oui: string; serialNumber: string }): string {
  return `${sanitize(device.oui)}-${sanitize(device.serialNumber)}-${device.id}`;
}

/** md5(username:realm:password), what Digest and Basic verification need (RFC 7616 HA1). */
export function digestHa1(username: string, realm: string, password: string): string {
  return createHash("md5").update(`${username}:${realm}:${password}`).digest("hex");
}

/** Whether provisioning should hand this device its own credentials (settings only; no query). */
export function provisionsAcsCredentials(): boolean {
  const s = settings();
  return s.CWMP_PROVISION_ACS_CREDENTIALS && s.CWMP_AUTH !== "none";
}

/** The SetParameterValues that gives the device its credentials; its names make it one dedupe signature. */
export function acsCredentialsRequest(root: string, username: string, password: string): AcsRequest {
  return {
    name: "SetParameterValues",
    parameterList: [
      { name: `${root}.ManagementServer.Username`, value: username, type: "string" },
      { name: `${root}.ManagementServer.Password`, value: password, type: "string" },
    ],
    parameterKey: "vantage-identity",
  };
}

/**
 * New pending credentials for the device, stored (HA1 only) in the caller's transaction, and the
 * request that sends them. Replaces pending ones whose request is no longer queued.
 */
export async function issuePendingCredentials(
  tx: Tx,
  device: { id: number; oui: string; serialNumber: string },
  root: string,
): Promise<AcsRequest> {
  const username = acsUsername(device);
  const password = randomBytes(18).toString("base64url");
  await tx.device.update({
    where: { id: device.id },
    data: {
      cwmpPendingUsername: username,
      cwmpPendingHa1: digestHa1(username, settings().CWMP_REALM, password),
    },
  });
  return acsCredentialsRequest(root, username, password);
}

/**
 * The device has opened a session with its pending credentials: they become its confirmed ones.
 * One statement (a column copied to another cannot be written through the Prisma API); the time is
 * passed as UTC text, like every raw statement here (timestamp columns hold UTC).
 */
export async function confirmPendingCredentials(username: string): Promise<void> {
  await db().$executeRaw`
    UPDATE "Device" SET
      "cwmpUsername" = "cwmpPendingUsername",
      "cwmpHa1" = "cwmpPendingHa1",
      "cwmpPendingUsername" = NULL,
      "cwmpPendingHa1" = NULL,
      "cwmpCredentialsConfirmedAt" = ${new Date().toISOString()}::timestamp
    WHERE "cwmpPendingUsername" = ${username}`;
}

/**
 * A credentials task that ended as a fault (9008 read-only, 9007 invalid value, attempts cap): the
 * device never got them, so the pending ones are dropped and the shared credentials keep working.
 * Called only when a task has just failed (not on the hot path).
 */
export async function dropPendingAfterFault(deviceId: number, taskId: number): Promise<void> {
  const task = await db().task.findFirst({
    where: { id: taskId, deviceId, createdBy: ACS_CREDENTIALS_CREATOR, state: "fault" },
    select: { request: true },
  });
  if (!task) return;
  const request = task.request as unknown as AcsRequest;
  const username =
    request.name === "SetParameterValues"
      ? request.parameterList.find((p) => p.name.endsWith(".ManagementServer.Username"))?.value
      : undefined;
  if (username === undefined) return;
  await db().device.updateMany({
    where: { id: deviceId, cwmpPendingUsername: username },
    data: { cwmpPendingUsername: null, cwmpPendingHa1: null },
  });
}

/**
 * Forget the device's own credentials (an operator accepted a factory reset): shared ones work again.
 * A credentials task still pending is cancelled: sent later, it would give the device a password
 * whose HA1 is gone, and lock it out.
 */
export async function clearOwnCredentials(tx: Tx, deviceId: number): Promise<void> {
  await tx.device.update({
    where: { id: deviceId },
    data: {
      cwmpUsername: null,
      cwmpHa1: null,
      cwmpPendingUsername: null,
      cwmpPendingHa1: null,
      cwmpCredentialsConfirmedAt: null,
    },
  });
  await tx.task.updateMany({
    where: { deviceId, createdBy: ACS_CREDENTIALS_CREATOR, state: { in: ["queued", "sent", "waiting"] } },
    data: { state: "cancelled", completedAt: new Date() },
  });
}

export type CredentialState = "shared" | "pending" | "confirmed";

/** What an operator may know about a device's credentials: never a hash or a password. */
export async function credentialsView(
  deviceId: number,
): Promise<{ state: CredentialState; username: string | null; confirmedAt: Date | null } | null> {
  const device = await db().device.findUnique({
    where: { id: deviceId },
    select: { cwmpUsername: true, cwmpPendingUsername: true, cwmpCredentialsConfirmedAt: true },
  });
  if (!device) return null;
  if (device.cwmpUsername !== null)
    return {
      state: "confirmed",
      username: device.cwmpUsername,
      confirmedAt: device.cwmpCredentialsConfirmedAt,
    };
  if (device.cwmpPendingUsername !== null)
    return { state: "pending", username: device.cwmpPendingUsername, confirmedAt: null };
  return { state: "shared", username: null, confirmedAt: null };
}
