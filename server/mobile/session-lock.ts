// A mobile's DM session lock: the Device.sessionId columns CWMP sessions use (a mobile never has a
// CWMP session), holding "dm:<RespURI token>".
import { db } from "../db";
import { settings } from "../env";

/**
 * The device's session lock (the Device.sessionId columns CWMP sessions use; a mobile has no CWMP
 * session): taken over by every authenticated package 1, renewed by each claim, released when a
 * claim finds nothing. Two sessions of one handset never hold its tasks at the same time.
 */
export async function takeSession(deviceId: number, token: string): Promise<void> {
  const ttlMs = settings().OMADM_SESSION_TIMEOUT * 1000;
  await db().device.update({
    where: { id: deviceId },
    data: {
      sessionId: `dm:${token}`,
      sessionOwner: null,
      sessionLockedAt: new Date(),
      sessionExpires: new Date(Date.now() + ttlMs),
    },
  });
}

export async function holdsSession(deviceId: number, token: string): Promise<boolean> {
  const ttlMs = settings().OMADM_SESSION_TIMEOUT * 1000;
  const { count } = await db().device.updateMany({
    where: { id: deviceId, sessionId: `dm:${token}` },
    data: { sessionExpires: new Date(Date.now() + ttlMs) },
  });
  return count === 1;
}

export async function releaseSession(deviceId: number, token: string): Promise<void> {
  await db().device.updateMany({
    where: { id: deviceId, sessionId: `dm:${token}` },
    data: { sessionId: null, sessionExpires: null },
  });
}
