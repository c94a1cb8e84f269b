// A CPE's DUStateChangeComplete (TR-069 A.4.1.4): ends the ChangeDUState task with the same
// CommandKey — done when every operation succeeded, else a fault with the first failed operation's
// code — and queues a read of <root>.SoftwareModules. so the device page shows the new units without a
// manual refresh (the CPE is still in session: the read goes out at once).
import type { CpeRequest } from "../cwmp/soap/types";
import { int4Column } from "../database/int-column";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { asJson } from "../json";
import { insertTasks, priorResult } from "../tasks/service";

type DuStateChangeComplete = Extract<CpeRequest, { name: "DUStateChangeComplete" }>;
type AutonomousDuStateChangeComplete = Extract<CpeRequest, { name: "AutonomousDUStateChangeComplete" }>;
type Tx = Prisma.TransactionClient;

/**
 * Something changed on the device (or may have): read its software modules again, once. Names first:
 * they replace the subtree, so an uninstalled unit's instance goes away too.
 */
async function rereadSoftwareModules(tx: Tx, deviceId: number): Promise<void> {
  const device = await tx.device.findUnique({ where: { id: deviceId }, select: { rootObject: true } });
  const path = `${device?.rootObject || "Device"}.SoftwareModules.`;
  const pendingRead = await tx.task.findFirst({
    where: {
      deviceId,
      name: "GetParameterValues",
      state: "queued",
      request: { path: ["parameterNames"], array_contains: [path] },
    },
    select: { id: true },
  });
  if (pendingRead) return;
  await insertTasks(
    tx,
    deviceId,
    [
      { name: "GetParameterNames", parameterPath: path, nextLevel: false },
      { name: "GetParameterValues", parameterNames: [path] },
    ],
    { createdBy: "system" },
  );
}

/**
 * A CPE's AutonomousDUStateChangeComplete (TR-069 A.4.2.2: a unit the device installed, updated or
 * removed on its own): recorded on its timeline, a fault row per failed operation, and the
 * software modules read again. (Wired by server/devices/cpe-requests.ts.)
 */
export async function recordAutonomousDuStateChangeComplete(
  deviceId: number,
  message: AutonomousDuStateChangeComplete,
): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.deviceEvent.create({ data: { deviceId, type: message.name, payload: asJson(message) } });
    for (const r of message.results.filter((x) => x.fault.faultCode !== 0)) {
      await tx.deviceFault.create({
        data: {
          deviceId,
          code: int4Column(r.fault.faultCode),
          message: `${r.operationPerformed || "DU change"} (autonomous): ${r.fault.faultString || `fault ${r.fault.faultCode}`}`,
          detail: asJson(r),
        },
      });
    }
    await rereadSoftwareModules(tx, deviceId);
  });
}

export async function recordDuStateChangeComplete(
  deviceId: number,
  message: DuStateChangeComplete,
): Promise<void> {
  const failed = message.results.find((r) => r.fault.faultCode !== 0);
  await db().$transaction(async (tx) => {
    const now = new Date();
    await tx.deviceEvent.create({ data: { deviceId, type: message.name, payload: asJson(message) } });
    const byKey = {
      deviceId,
      name: "ChangeDUState",
      request: { path: ["commandKey"], equals: message.commandKey },
    };
    const active = await tx.task.findFirst({
      where: { ...byKey, state: { in: ["sent", "waiting"] } },
      orderBy: { id: "desc" },
    });
    const results = message.results;
    if (active) {
      const result = asJson({ ...priorResult(active.result), duStateChangeComplete: { results } });
      if (!failed) {
        await tx.task.update({ where: { id: active.id }, data: { state: "done", result, completedAt: now } });
      } else {
        const text =
          failed.fault.faultString || `deployment unit operation failed (${failed.fault.faultCode})`;
        await tx.task.update({
          where: { id: active.id },
          data: {
            state: "fault",
            result,
            faultCode: int4Column(failed.fault.faultCode),
            faultString: text,
            completedAt: now,
          },
        });
      }
    } else {
      // A late report (the task was cancelled or expired meanwhile): recorded on it, changes nothing.
      const task = await tx.task.findFirst({ where: byKey, orderBy: { id: "desc" } });
      if (task) {
        await tx.task.update({
          where: { id: task.id },
          data: { result: asJson({ ...priorResult(task.result), duStateChangeComplete: { results } }) },
        });
      }
    }
    if (failed) {
      await tx.deviceFault.create({
        data: {
          deviceId,
          taskId: active?.id,
          code: int4Column(failed.fault.faultCode),
          message: `ChangeDUState: ${failed.fault.faultString || `fault ${failed.fault.faultCode}`}`,
          detail: asJson(message),
        },
      });
    }
    await rereadSoftwareModules(tx, deviceId);
  });
}
