// Bulk retry from the faults view: the latest failed task of each device in one group, queued again
// under the rule a single retry follows (server/devices/actions.ts retryDeviceTask): only a task that
// ended without success, never the one that carried a device's own ACS credentials (assertRetryable),
// and a SetParameterValues only by a role that may write each of its paths. One audit row for the batch.
import "server-only";
import { randomUUID } from "node:crypto";
import type { WritingActor } from "../core/actor";
import { AppError } from "../core/app-error";
import { assertMayWrite } from "../core/authorize";
import { recordAudit } from "../audit/service";
import type { AcsRequest } from "../cwmp/soap/types";
import { db } from "../db";
import { assertMayTouchAudience, requestPaths } from "../devices/audience-visibility";
import type { TaskState } from "../generated/prisma/enums";
import { assertRetryable, insertTasks, notifyQueued } from "../tasks/service";
import type { FaultGroupKey } from "../../lib/faults/group-key";
import { occurrencesSql } from "./occurrences-sql";
import { windowStart } from "../../lib/faults/window";

/** Most tasks one confirmation queues; a bigger group is retried in several runs (or a bulk job). */
export const MAX_RETRY_BATCH = 200;

export interface RetryCandidate {
  taskId: number;
  deviceId: number;
  name: string;
  state: TaskState;
  createdBy: string;
  request: unknown;
  /** A newer task of the same RPC is still queued, sent or waiting on the device (retried already). */
  pending: boolean;
}

export interface SkippedTask {
  taskId: number;
  deviceId: number;
  reason: string;
}

export interface RetryPlan {
  /** Devices in the group with a failed task (before the batch limit). */
  total: number;
  retry: RetryCandidate[];
  skipped: SkippedTask[];
}

async function candidates(key: FaultGroupKey, now: Date) {
  const occ = occurrencesSql(windowStart(now, key.days), now);
  const rows = await db().$queryRaw<(RetryCandidate & { total: number })[]>`
    WITH occ AS (${occ}),
    latest AS (
      SELECT DISTINCT ON (o.device_id) o.device_id, o.task_id
        FROM occ o JOIN "Device" d ON d.id = o.device_id
       WHERE o.task_id IS NOT NULL AND o.code = ${key.code} AND o.task = ${key.task}
         AND d.manufacturer = ${key.manufacturer} AND d."productClass" = ${key.productClass}
         AND d."modelName" = ${key.modelName} AND d."softwareVersion" = ${key.softwareVersion}
       ORDER BY o.device_id, o.task_id DESC)
    SELECT t.id AS "taskId", t."deviceId", t.name, t.state::text AS state, t."createdBy", t.request,
           EXISTS (SELECT 1 FROM "Task" n
                    WHERE n."deviceId" = t."deviceId" AND n.id > t.id AND n.name = t.name
                      AND n.state IN ('queued', 'sent', 'waiting')) AS pending,
           (count(*) OVER ())::int AS total
      FROM latest l JOIN "Task" t ON t.id = l.task_id
     ORDER BY t."deviceId"
     LIMIT ${MAX_RETRY_BATCH}`;
  return { rows, total: rows[0]?.total ?? 0 };
}

/** Why `actor` may not retry this task, or null when a single retry of it would be allowed. */
export function refusal(actor: WritingActor, c: RetryCandidate): string | null {
  if (c.pending) return "a newer task of the same kind is already queued";
  try {
    assertRetryable({ id: c.taskId, state: c.state, createdBy: c.createdBy });
    const request = c.request as AcsRequest;
    // The reason goes back to the operator: AppError's message names no path or value.
    assertMayTouchAudience(actor.role, requestPaths(request));
    if (request.name === "SetParameterValues")
      for (const p of request.parameterList) assertMayWrite(actor.role, p.name);
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
}

export async function planRetry(
  actor: WritingActor,
  key: FaultGroupKey,
  now = new Date(),
): Promise<RetryPlan> {
  const { rows, total } = await candidates(key, now);
  const retry: RetryCandidate[] = [];
  const skipped: SkippedTask[] = [];
  for (const row of rows) {
    const reason = refusal(actor, row);
    if (reason === null) retry.push(row);
    else skipped.push({ taskId: row.taskId, deviceId: row.deviceId, reason });
  }
  return { total, retry, skipped };
}

export interface RetryResult {
  batchId: string;
  retried: { deviceId: number; fromTaskId: number; taskId: number }[];
  skipped: SkippedTask[];
}

/** Queue the plan's tasks and one audit row in one transaction, then wake the devices. */
export async function retryGroup(
  actor: WritingActor,
  key: FaultGroupKey,
  now = new Date(),
): Promise<RetryResult> {
  const plan = await planRetry(actor, key, now);
  if (plan.retry.length === 0) throw new AppError("conflict", "no failed task in this group can be retried");
  const batchId = `fault-retry-${randomUUID()}`;
  const retried = await db().$transaction(async (tx) => {
    const out: RetryResult["retried"] = [];
    for (const c of plan.retry) {
      const [task] = await insertTasks(tx, c.deviceId, [c.request], { createdBy: actor.username, batchId });
      out.push({ deviceId: c.deviceId, fromTaskId: c.taskId, taskId: task!.id });
    }
    await recordAudit(tx, {
      operatorId: actor.id,
      action: "task.bulk_retry",
      target: `fault ${key.code} ${key.task} · ${key.productClass || "(no model)"} ${key.softwareVersion}`,
      before: { ...key, devices: plan.total },
      after: { batchId, retried: out, skipped: plan.skipped },
    });
    return out;
  });
  for (const r of retried) notifyQueued(r.deviceId);
  return { batchId, retried, skipped: plan.skipped };
}
