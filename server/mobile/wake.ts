// Waking a mobile: package 0 (General Notification Initiated Session Alert) signed with the server's
// DMAcc credential (SRVCRED secret and the nonce the client issued), handed to the notification
// bearer. The built-in bearer is UDP to the address the mobile registered (server/omadm/transport/
// bearer.ts), standing in for WAP push over SMS; the mobile answers with a session (Alert 1200).
import { randomInt } from "node:crypto";
import { processSlot } from "../core/process-slot";
import { db } from "../db";
import { buildPackage0 } from "../omadm/notification";
import { nonceBytes } from "../omadm/session/auth-check";
import type { DeliveryResult, NotificationBearer } from "../omadm/transport/bearer";
import { openSecret } from "../secrets-file";

const slot = processSlot<{ bearer?: NotificationBearer }>("omadmBearer");

/** The bearer package 0 goes out on (set by the OMA DM service while it runs). */
export function setNotificationBearer(bearer: NotificationBearer | undefined): void {
  slot.bearer = bearer;
}

export type WakeMobileResult = DeliveryResult & { sessionId?: number };

export async function wakeMobile(deviceId: number): Promise<WakeMobileResult> {
  const bearer = slot.bearer;
  if (!bearer) return { ok: false, reason: "the OMA DM service is not running in this process" };
  const account = await db().omaDmAccount.findUnique({ where: { deviceId } });
  if (!account) return { ok: false, reason: `device ${deviceId} has no OMA DM account` };
  if (!account.notifyAddress)
    return { ok: false, reason: "the mobile has not registered a notification address" };
  const sessionId = randomInt(1, 0x10000);
  const bytes = buildPackage0({
    serverId: account.serverId,
    password: openSecret(account.serverPasswordSealed),
    nonce: nonceBytes(account.serverNonce),
    sessionId,
    uiMode: "background",
    initiator: "server",
  });
  const result = await bearer.deliver({ deviceId, address: account.notifyAddress }, bytes);
  return result.ok ? { ...result, sessionId } : result;
}
