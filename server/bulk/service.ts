// Bulk jobs: created and cancelled by operators (audited in the same transaction), read by the console.
// The work itself is done by the runner (runner.ts), from the state stored here.
import { recordAudit } from "../audit/service";
import type { Actor, WritingActor } from "../core/actor";
import { AppError } from "../core/app-error";
import { isSecretParameter, REDACTED } from "../datamodel/secret-parameters";
import { db } from "../db";
import { visibleText, WITHOUT_AUDIENCE, type Reader } from "../devices/audience-visibility";
import { assertSearchable } from "../devices/search-audience";
import { asJson } from "../json";
import type { BulkJob } from "../generated/prisma/client";
import { cancelTask } from "../tasks/service";
import { assertMayRun, batchIdOf, prepareAction, sealActionValue } from "./actions";
import {
  createBulkJobSchema,
  storedParamsSchema,
  storedSelectionSchema,
  throttleSchema,
  type ItemState,
  type StoredParams,
  type StoredSelection,
} from "../../lib/bulk/schema";

/** `operator`'s role bounds the job: it may only do what its creator may do to one device. */
export async function createBulkJob(operator: WritingActor, input: unknown): Promise<BulkJob> {
  const parsed = createBulkJobSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("invalid_input", parsed.error.issues.map((i) => i.message).join("; "));
  }
  const { selection, throttle } = parsed.data;
  // Enforced here, not only in the router, so every caller of the service is held to the same rule.
  assertMayRun(operator.role, parsed.data.action);
  if ("filter" in selection) assertSearchable(selection.filter);
  // Checked against the data model now, so a bad value never reaches a single device.
  const action = sealActionValue(prepareAction(parsed.data.action));
  const params: StoredParams = { action, throttle: throttleSchema.parse(throttle ?? {}) };
  const stored: StoredSelection =
    "deviceIds" in selection
      ? { deviceIds: [...new Set(selection.deviceIds)].sort((a, b) => a - b), afterId: 0, expanded: false }
      : { filter: selection.filter, afterId: 0, expanded: false };
  return db().$transaction(async (tx) => {
    const job = await tx.bulkJob.create({
      data: {
        action: action.action,
        params: asJson(params),
        selection: asJson(stored),
        createdBy: operator.username,
        total: "deviceIds" in stored ? stored.deviceIds.length : 0,
      },
    });
    await recordAudit(tx, {
      operatorId: operator.id,
      action: "bulk.create",
      target: `bulk job #${job.id}: ${describeAction(params)}`,
      after: { job: job.id, ...params, selection },
    });
    return job;
  });
}

export function describeAction({ action }: Pick<StoredParams, "action">): string {
  switch (action.action) {
    case "tag":
      return `tag "${action.tag}"`;
    case "untag":
      return `untag "${action.tag}"`;
    case "set":
      // Shown in the job list and the audit target: a secret's value never is.
      return `set ${action.path} = ${isSecretParameter(action.path) ? REDACTED : action.value}`;
    case "download":
      return `download image #${action.imageId}`;
    default:
      return action.action;
  }
}

export interface JobListOptions {
  limit?: number;
  beforeId?: number;
  /** what the operator may see (audience.read); absent: audience paths and values hidden */
  reader?: Reader;
}

export async function listBulkJobs(options: JobListOptions = {}) {
  const jobs = await db().bulkJob.findMany({
    where: options.beforeId ? { id: { lt: options.beforeId } } : {},
    orderBy: { id: "desc" },
    take: Math.min(options.limit ?? 50, 200),
  });
  return jobs.map((job) => present(job, options.reader ?? WITHOUT_AUDIENCE));
}

/** What the console shows of a job: the row plus a readable description, without the raw JSON. */
function present({ params, selection, ...job }: BulkJob, reader: Reader) {
  const parsed = storedParamsSchema.safeParse(params);
  const sel = storedSelectionSchema.safeParse(selection);
  return {
    ...job,
    // "set <path> = <value>": hidden whole when the path is an audience parameter.
    description: visibleText(reader, parsed.success ? describeAction(parsed.data) : job.action),
    throttle: parsed.success ? parsed.data.throttle : null,
    selectionKind: sel.success && "filter" in sel.data ? ("search" as const) : ("devices" as const),
    /** False while a search result is still being walked (the total still grows). */
    expanded: sel.success ? sel.data.expanded : true,
    /** Why the runner stopped the job (its creator may no longer run it), or null. */
    stopReason: visibleText(reader, parsed.success ? (parsed.data.stopReason ?? null) : null),
  };
}

export async function getBulkJob(jobId: number, reader: Reader = WITHOUT_AUDIENCE) {
  const job = await db().bulkJob.findUnique({ where: { id: jobId } });
  if (!job) throw new AppError("not_found", `bulk job ${jobId} not found`);
  const groups = await db().bulkJobItem.groupBy({
    by: ["state"],
    where: { jobId },
    _count: { _all: true },
  });
  const counts: Record<ItemState, number> = { pending: 0, waiting: 0, done: 0, failed: 0, cancelled: 0 };
  for (const g of groups) counts[g.state as ItemState] = g._count._all;
  return { ...present(job, reader), counts };
}

export interface ItemListOptions {
  states?: ItemState[];
  limit?: number;
  afterId?: bigint;
  reader?: Reader;
}

/** One page of per-device outcomes with the device's serial and the item's task. */
export async function listBulkJobItems(jobId: number, options: ItemListOptions = {}) {
  const limit = Math.min(options.limit ?? 100, 500);
  const items = await db().bulkJobItem.findMany({
    where: {
      jobId,
      ...(options.states ? { state: { in: options.states } } : {}),
      ...(options.afterId ? { id: { gt: options.afterId } } : {}),
    },
    orderBy: { id: "asc" },
    take: limit + 1,
  });
  const page = items.slice(0, limit);
  const last = page[page.length - 1];
  const deviceIds = page.map((i) => i.deviceId);
  const taskIds = page.flatMap((i) => (i.taskId === null ? [] : [i.taskId]));
  const [devices, tasks] = await Promise.all([
    db().device.findMany({
      where: { id: { in: deviceIds } },
      select: { id: true, serialNumber: true, productClass: true },
    }),
    db().task.findMany({
      where: { id: { in: taskIds } },
      select: { id: true, name: true, state: true, faultCode: true, faultString: true },
    }),
  ]);
  const deviceById = new Map(devices.map((d) => [d.id, d]));
  const reader = options.reader ?? WITHOUT_AUDIENCE;
  // A CPE's fault string may name the audience parameter a job set.
  const taskById = new Map(
    tasks.map((t) => [t.id, { ...t, faultString: visibleText(reader, t.faultString) }]),
  );
  return {
    items: page.map((i) => ({
      id: i.id,
      deviceId: i.deviceId,
      serialNumber: deviceById.get(i.deviceId)?.serialNumber ?? null,
      productClass: deviceById.get(i.deviceId)?.productClass ?? null,
      state: i.state as ItemState,
      message: visibleText(reader, i.message),
      updatedAt: i.updatedAt,
      task: i.taskId === null ? null : (taskById.get(i.taskId) ?? null),
    })),
    // A number, as the items procedure takes its cursor (bigRecordId): ids stay far below 2^53.
    nextAfterId: items.length > limit && last ? Number(last.id) : undefined,
  };
}

/**
 * Stop a job: items not started are cancelled, tasks the job queued that no session has taken yet are
 * cancelled; tasks already sent run to their end and the runner still records their outcome.
 */
export async function cancelBulkJob(operator: Actor, jobId: number): Promise<BulkJob> {
  const job = await db().$transaction(async (tx) => {
    const { count } = await tx.bulkJob.updateMany({
      where: { id: jobId, state: { in: ["queued", "running"] } },
      data: { state: "cancelled" },
    });
    const current = await tx.bulkJob.findUnique({ where: { id: jobId } });
    if (!current) throw new AppError("not_found", `bulk job ${jobId} not found`);
    if (count === 0) throw new AppError("conflict", `bulk job ${jobId} is ${current.state}`);
    const cancelled = await tx.bulkJobItem.updateMany({
      where: { jobId, state: "pending" },
      data: { state: "cancelled", message: "cancelled by operator", updatedAt: new Date() },
    });
    await recordAudit(tx, {
      operatorId: operator.id,
      action: "bulk.cancel",
      target: `bulk job #${jobId}`,
      before: { state: "running" },
      after: { state: "cancelled", itemsCancelled: cancelled.count },
    });
    return current;
  });
  await cancelQueuedTasks(jobId);
  return job;
}

/** Cancel the job's tasks no session has taken yet; tasks already sent run to their end. */
export async function cancelQueuedTasks(jobId: number): Promise<number> {
  const queued = await db().task.findMany({
    where: { batchId: batchIdOf(jobId), state: "queued" },
    select: { id: true },
  });
  let cancelled = 0;
  for (const task of queued) {
    // A session may take the task between the query and here; it then runs and is tracked as usual.
    const done = await cancelTask(task.id).then(
      () => true,
      (err: unknown) => {
        if (err instanceof AppError && err.code === "conflict") return false;
        throw err;
      },
    );
    if (done) cancelled++;
  }
  return cancelled;
}
