// How a sent task ends when its CPE never answers usefully: every failed attempt (session dropped or
// timed out, an empty POST or a new Inform instead of the answer) is counted, and at the attempts cap
// the task ends as a fault with a plain reason, so the device's next task runs. An answer that does
// not fit the request ends the task at once.
import { db } from "../db";
import { settings } from "../env";
import { logger } from "../logger";

const log = logger("tasks");

/** The fault text at the cap: "no answer after 3 attempts", "CPE answered with an empty POST (3 attempts)". */
export function capReason(lastError: string, attempts: number): string {
  return lastError.startsWith("no answer")
    ? `no answer after ${attempts} attempts`
    : `${lastError} (${attempts} attempts)`;
}

/**
 * capReason as SQL over a Task row aliased `t`, for the claim statement that ends a task found at the
 * cap (its process died before recording the failed attempt). Kept next to capReason so they agree.
 */
export const CAP_REASON_SQL = `CASE WHEN COALESCE(t."lastError", 'no answer') LIKE 'no answer%'
  THEN 'no answer after ' || t.attempts || ' attempts'
  ELSE t."lastError" || ' (' || t.attempts || ' attempts)' END`;

/**
 * One attempt of a sent task got no answer. Below the cap the task stays "sent" (re-sent at the
 * device's next session); at the cap it ends as a fault. Returns the task's state afterwards.
 */
export async function recordFailedAttempt(
  deviceId: number,
  taskId: number,
  reason: string,
  maxAttempts = settings().TASK_MAX_ATTEMPTS,
): Promise<"sent" | "fault" | "gone"> {
  return db().$transaction(async (tx) => {
    const task = await tx.task.findFirst({
      where: { id: taskId, deviceId, state: "sent" },
      select: { attempts: true, name: true },
    });
    if (!task) return "gone";
    if (task.attempts < maxAttempts) {
      await tx.task.update({ where: { id: taskId }, data: { lastError: reason.slice(0, 500) } });
      log.warn({ deviceId, taskId, task: task.name, attempt: task.attempts, reason }, "task attempt failed");
      return "sent";
    }
    const message = capReason(reason, task.attempts);
    await tx.task.update({
      where: { id: taskId },
      data: {
        state: "fault",
        faultString: message,
        lastError: reason.slice(0, 500),
        completedAt: new Date(),
      },
    });
    await tx.deviceFault.create({ data: { deviceId, taskId, code: 0, message: `${task.name}: ${message}` } });
    log.warn(
      { deviceId, taskId, task: task.name, attempts: task.attempts, reason },
      "task ended at attempts cap",
    );
    return "fault";
  });
}

/** End a sent task as a fault at once: the CPE's answer does not fit the request. Nothing is merged. */
export async function failSentTask(deviceId: number, taskId: number, message: string): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.task.updateMany({
      where: { id: taskId, deviceId, state: "sent" },
      data: { state: "fault", faultString: message.slice(0, 500), completedAt: new Date() },
    });
    if (count === 0) return false;
    await tx.deviceFault.create({ data: { deviceId, taskId, code: 0, message: message.slice(0, 500) } });
    log.warn({ deviceId, taskId, reason: message }, "task ended: invalid response");
    return true;
  });
}
