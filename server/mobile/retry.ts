// Retrying a finished DM task from the device page's task list (device.retryTask): the same DM request
// queued again as a new omadm task, with the permission its first sending needed — devices.write for
// Get/Replace/Exec, firmware.rollout for a FUMO update, which gets a fresh per-transfer grant.
import "server-only";
import { hasPermission } from "../../lib/permissions";
import { recordAudit } from "../audit/service";
import type { WritingActor } from "../core/actor";
import { AppError } from "../core/app-error";
import { db } from "../db";
import type { Task } from "../generated/prisma/client";
import { notifyQueued } from "../tasks/service";
import { dmRequestSchema } from "./dm-requests";
import { insertDmTask, insertFumoUpdate } from "./queue";

export async function retryDmTask(actor: WritingActor, task: Task) {
  const parsed = dmRequestSchema.safeParse(task.request);
  if (!parsed.success) throw new AppError("conflict", `task ${task.id} holds no readable DM request`);
  const request = parsed.data;
  const needed = request.name === "FumoUpdate" ? "firmware.rollout" : "devices.write";
  if (!hasPermission(actor.role, needed))
    throw new AppError("forbidden", `Your role (${actor.role}) lacks ${needed}`);
  const deviceId = task.deviceId;
  const taskId = await db().$transaction(async (tx) => {
    const id =
      request.name === "FumoUpdate"
        ? (await insertFumoUpdate(tx, deviceId, request.imageId, actor.username, { node: request.node }))
            .taskId
        : await insertDmTask(tx, deviceId, request, { createdBy: actor.username });
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "task.retry",
      deviceId,
      target: `${task.name} #${task.id}`,
      before: { taskId: task.id, state: task.state },
      after: { taskIds: [id] },
    });
    return id;
  });
  notifyQueued(deviceId);
  const account = await db().omaDmAccount.findUnique({
    where: { deviceId },
    select: { notifyAddress: true },
  });
  return { taskIds: [taskId], online: Boolean(account?.notifyAddress) };
}
