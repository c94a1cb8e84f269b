// "Apply now" (the on-demand trigger): the profile is evaluated for these devices at their next session,
// and each is woken with a connection request so that session is now. Bounded per call; the engine
// still checks the precondition (a device it does not apply to gets nothing).
import type { Actor } from "../core/actor";
import { AppError } from "../core/app-error";
import { recordAudit } from "../audit/service";
import { db } from "../db";
import { notifyQueued } from "../tasks/service";

export const MAX_APPLY_DEVICES = 100;

export async function applyProfileNow(actor: Actor, profileId: number, deviceIds: number[]): Promise<number> {
  const ids = [...new Set(deviceIds)].slice(0, MAX_APPLY_DEVICES);
  const profile = await db().profile.findUnique({
    where: { id: profileId },
    select: { name: true, version: true, enabled: true },
  });
  if (!profile) throw new AppError("not_found", `profile ${profileId} not found`);
  if (!profile.enabled) throw new AppError("conflict", `profile "${profile.name}" is disabled`);
  const now = new Date();
  const devices = await db().$transaction(async (tx) => {
    const found = await tx.device.findMany({ where: { id: { in: ids } }, select: { id: true } });
    for (const { id } of found) {
      // A fresh attempt: pending, no failures carried over, due now.
      await tx.deviceProfile.upsert({
        where: { deviceId_profileId: { deviceId: id, profileId } },
        create: { deviceId: id, profileId, version: profile.version, status: "pending", attemptAt: now },
        update: {
          status: "pending",
          step: null,
          stepPaths: [],
          failures: 0,
          nextAttemptAt: null,
          attemptAt: now,
        },
      });
    }
    await tx.device.updateMany({
      where: { id: { in: found.map((d) => d.id) } },
      data: { profilesDueAt: now },
    });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "profile.apply",
      target: profile.name,
      deviceId: found.length === 1 ? found[0]!.id : null,
      after: { devices: found.map((d) => d.id) },
    });
    return found;
  });
  for (const d of devices) notifyQueued(d.id);
  return devices.length;
}
