// One step of one bulk job, run by the runner inside a transaction that holds the job's row lock:
// expand the selection a batch further, record the outcome of answered tasks, start the next devices
// (within the throttle), and finish the job when nothing is left. Only `tx` is used in here: the
// embedded store has a single connection, which the transaction holds.
import type { BulkJob, Prisma } from "../generated/prisma/client";
import { whereClause } from "../devices/search-sql";
import { Prisma as P } from "../generated/prisma/client";
import { asJson } from "../json";
import { insertTasks } from "../tasks/service";
import { startDownloads } from "./download-items";
import { batchIdOf, openActionValue, prepareAction, queuesTasks, requestsFor } from "./actions";
import { creatorRefusal, stopJob } from "./creator";
import {
  storedParamsSchema,
  storedSelectionSchema,
  type StoredParams,
  type StoredSelection,
} from "../../lib/bulk/schema";

type Tx = Prisma.TransactionClient;

export interface StepResult {
  /** Devices with newly queued tasks, to wake once the transaction has committed. */
  queuedDevices: number[];
  started: number;
  finished: boolean;
  /** Set when this step stopped the job because its creator may no longer run it. */
  stopped?: string;
}

/** `budget(waiting)`: how many more devices the throttle allows now, given those still outstanding. */
export async function stepJob(
  tx: Tx,
  job: BulkJob,
  budget: (params: StoredParams, outstanding: number) => number,
  batchSize: number,
): Promise<StepResult> {
  const params = storedParamsSchema.safeParse(job.params);
  const selection = storedSelectionSchema.safeParse(job.selection);
  if (!params.success || !selection.success) {
    await tx.bulkJob.update({ where: { id: job.id }, data: { state: "failed", finishedAt: new Date() } });
    return { queuedDevices: [], started: 0, finished: true };
  }
  let state = job.state;
  let stopped: string | undefined;
  if (state === "queued" || state === "running") {
    // Before every batch: a creator demoted, disabled or deleted since the job was created stops it.
    const refusal = await creatorRefusal(tx, job.createdBy, params.data);
    if (refusal) {
      stopped = await stopJob(tx, job, params.data, refusal);
      state = "failed";
    }
  }
  if (state === "queued" && !revalidates(params.data)) {
    await tx.bulkJob.update({ where: { id: job.id }, data: { state: "failed", finishedAt: new Date() } });
    return { queuedDevices: [], started: 0, finished: true };
  }
  if (state === "queued") {
    await tx.bulkJob.update({ where: { id: job.id }, data: { state: "running", startedAt: new Date() } });
  }
  // A cancelled or stopped (failed) job starts nothing more; it only records the devices already started.
  const running = state === "queued" || state === "running";
  const expanded = selection.data.expanded || !running || (await expand(tx, job, selection.data, batchSize));
  await trackAnswered(tx, job.id);
  const outstanding = await tx.bulkJobItem.count({ where: { jobId: job.id, state: "waiting" } });
  let queuedDevices: number[] = [];
  if (running) {
    const allowed = budget(params.data, queuesTasks(params.data.action) ? outstanding : 0);
    queuedDevices = allowed > 0 ? await startItems(tx, job, params.data, allowed) : [];
  }
  const open = await tx.bulkJobItem.count({
    where: { jobId: job.id, state: { in: ["pending", "waiting"] } },
  });
  const finished = expanded && open === 0;
  if (finished) {
    // A job cancelled before its selection was walked ends with the devices it reached.
    const total = running ? undefined : await tx.bulkJobItem.count({ where: { jobId: job.id } });
    await tx.bulkJob.update({
      where: { id: job.id },
      data: { state: running ? "done" : state, finishedAt: new Date(), total },
    });
  }
  return { queuedDevices, started: queuedDevices.length, finished, ...(stopped ? { stopped } : {}) };
}

/** One batch of the selection into items; the unique (job, device) pair makes a repeat harmless. */
async function expand(tx: Tx, job: BulkJob, selection: StoredSelection, batchSize: number): Promise<boolean> {
  const ids =
    "deviceIds" in selection
      ? selection.deviceIds.filter((id) => id > selection.afterId).slice(0, batchSize)
      : (
          await tx.$queryRaw<{ id: number }[]>`
            SELECT "id" FROM "Device"
            ${whereClause(selection.filter, new Date(), [P.sql`"id" > ${selection.afterId}`])}
            ORDER BY "id" LIMIT ${batchSize}`
        ).map((r) => r.id);
  const { count } = await tx.bulkJobItem.createMany({
    data: ids.map((deviceId) => ({ jobId: job.id, deviceId })),
    skipDuplicates: true,
  });
  const done = ids.length < batchSize;
  const next = { ...selection, afterId: ids[ids.length - 1] ?? selection.afterId, expanded: done };
  await tx.bulkJob.update({
    where: { id: job.id },
    data: {
      selection: asJson(next),
      // Explicit ids were counted when the job was created; a search result is counted as it is walked.
      ...("filter" in selection ? { total: { increment: count } } : {}),
    },
  });
  return done;
}

/** Items whose tasks (all of this job's tasks for the device) have reached a final state. */
async function trackAnswered(tx: Tx, jobId: number): Promise<void> {
  const rows = await tx.$queryRaw<{ state: string }[]>`
    WITH waiting AS (
      SELECT "deviceId" FROM "BulkJobItem" WHERE "jobId" = ${jobId} AND state = 'waiting'),
    fin AS (
      SELECT t."deviceId", bool_and(t.state = 'done') AS ok,
             bool_and(t.state IN ('done', 'cancelled')) AS cancelled,
             string_agg(CASE WHEN t.state <> 'done' THEN t.name || ': ' ||
               COALESCE(t."faultCode"::text || ' ' || COALESCE(t."faultString", ''), t.state::text) END,
               '; ' ORDER BY t.id) AS msg
        FROM "Task" t JOIN waiting w ON w."deviceId" = t."deviceId"
       WHERE t."batchId" = ${batchIdOf(jobId)}
       GROUP BY t."deviceId"
      HAVING bool_and(t.state IN ('done', 'fault', 'expired', 'cancelled')))
    UPDATE "BulkJobItem" i
       SET state = CASE WHEN fin.ok THEN 'done' WHEN fin.cancelled THEN 'cancelled' ELSE 'failed' END,
           message = fin.msg,
           "updatedAt" = (now() AT TIME ZONE 'UTC')
      FROM fin
     WHERE i."jobId" = ${jobId} AND i.state = 'waiting' AND i."deviceId" = fin."deviceId"
    RETURNING i.state`;
  await count(tx, jobId, rows);
}

async function count(tx: Tx, jobId: number, rows: { state: string }[]): Promise<void> {
  const succeeded = rows.filter((r) => r.state === "done").length;
  const failed = rows.filter((r) => r.state === "failed").length;
  if (rows.length === 0) return;
  await tx.bulkJob.update({
    where: { id: jobId },
    data: { succeeded: { increment: succeeded }, failed: { increment: failed } },
  });
}

/** Start up to `limit` pending items: tags are changed at once, the other actions queue tasks. */
async function startItems(tx: Tx, job: BulkJob, params: StoredParams, limit: number): Promise<number[]> {
  const items = await tx.bulkJobItem.findMany({
    where: { jobId: job.id, state: "pending" },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, deviceId: true },
  });
  if (items.length === 0) return [];
  const devices = await tx.device.findMany({
    where: { id: { in: items.map((i) => i.deviceId) } },
    select: { id: true, rootObject: true },
  });
  const rootOf = new Map(devices.map((d) => [d.id, d.rootObject]));
  const now = new Date();
  const gone = items.filter((i) => !rootOf.has(i.deviceId));
  if (gone.length > 0) {
    await tx.bulkJobItem.updateMany({
      where: { id: { in: gone.map((i) => i.id) } },
      data: { state: "failed", message: "device no longer exists", updatedAt: now },
    });
  }
  const present = items.filter((i) => rootOf.has(i.deviceId));
  const { action } = params;
  if (action.action === "tag" || action.action === "untag") {
    const ids = present.map((i) => i.deviceId);
    if (action.action === "tag") {
      await tx.$executeRaw`UPDATE "Device" SET tags = array_append(tags, ${action.tag})
        WHERE id = ANY(${ids}::int[]) AND NOT (${action.tag} = ANY(tags))`;
    } else {
      await tx.$executeRaw`UPDATE "Device" SET tags = array_remove(tags, ${action.tag}) WHERE id = ANY(${ids}::int[])`;
    }
    await tx.bulkJobItem.updateMany({
      where: { id: { in: present.map((i) => i.id) } },
      data: { state: "done", updatedAt: now },
    });
    await count(tx, job.id, [
      ...present.map(() => ({ state: "done" })),
      ...gone.map(() => ({ state: "failed" })),
    ]);
    return [];
  }
  await count(
    tx,
    job.id,
    gone.map(() => ({ state: "failed" })),
  );
  const expiresAt = new Date(now.getTime() + params.throttle.taskTtlMinutes * 60_000);
  if (action.action === "download") {
    await startDownloads(tx, job, action.imageId, present, expiresAt);
    return present.map((i) => i.deviceId);
  }
  for (const item of present) {
    const requests = requestsFor(action, job.id, rootOf.get(item.deviceId) ?? "");
    const tasks = await insertTasks(tx, item.deviceId, requests, {
      createdBy: job.createdBy,
      batchId: batchIdOf(job.id),
      expiresAt,
    });
    await tx.bulkJobItem.update({
      where: { id: item.id },
      data: { state: "waiting", taskId: tasks[tasks.length - 1]?.id ?? null, updatedAt: now },
    });
  }
  return present.map((i) => i.deviceId);
}

/**
 * The data model is checked again before the first device: the job may have been created by a process
 * whose facts were incomplete (or before a vendor model changed); nothing is sent for a refused value.
 */
function revalidates(params: StoredParams): boolean {
  try {
    prepareAction(openActionValue(params.action));
    return true;
  } catch {
    return false;
  }
}
