// The task queue: the only writer of Task rows. The console, bulk actions, provisioning and the
// rollout engine queue work here; the CWMP session takes it out one RPC at a time.
import { isFirmwareType } from "../../lib/firmware/file-types";
import { int4Column } from "../database/int-column";
import { EventEmitter } from "node:events";
import type { AcsRequest, CpeResponse, CwmpFault } from "../cwmp/soap/types";
import { db } from "../db";
import { asJson } from "../json";
import { Prisma, type Task, type TaskState } from "../generated/prisma/client";
import { ACS_CREDENTIALS_CREATOR } from "../identity/credentials";
import { AppError } from "../core/app-error";
import { processSlot } from "../core/process-slot";
import { InvalidAnswer } from "../devices/invalid-answer";
import { visibleTask, WITHOUT_AUDIENCE, type Reader } from "../devices/audience-visibility";
import { markDone, storeDoneInOneStatement } from "./answer-statement";
import { failSentTask } from "./attempts";
import type { FinishedTask } from "../events/session-events";
import { EXPIRY_REASON_SQL, defaultExpiry } from "./lifetime";
import { queuedSignals } from "./queued-signals";
import { parseAcsRequest } from "./requests";
import { openQueuedValues, openRequestSecrets, sealRequestSecrets } from "./sealed-values";
import { presentableTask, storableMessage } from "./stored-answer";

export interface QueueOptions {
  createdBy?: string;
  /** The task expires if the device has not answered it by then (default: TASK_LIFETIME_HOURS from now). */
  expiresAt?: Date;
  batchId?: string;
}

/** Emits "queued" (deviceId) so the device can be woken with a connection request. */
// One per process: work the Next.js bundle's copy of this module queues must reach the listener the
// server process registered (server/start.ts wakes devices).
const shared = processSlot<{ events: EventEmitter }>("taskEvents");
export const taskEvents = (shared.events ??= new EventEmitter().setMaxListeners(50));

export async function queueTask(
  deviceId: number,
  request: unknown,
  options: QueueOptions = {},
): Promise<Task> {
  const [task] = await queueTasks(deviceId, [request], options);
  return task!;
}

export async function queueTasks(
  deviceId: number,
  requests: unknown[],
  options: QueueOptions = {},
): Promise<Task[]> {
  const tasks = await db().$transaction((tx) => insertTasks(tx, deviceId, requests, options));
  taskEvents.emit("queued", deviceId);
  return tasks;
}

/**
 * Queue tasks inside the caller's transaction (so an operator action and its audit row commit
 * together); the caller calls notifyQueued(deviceId) once the transaction has committed.
 */
export async function insertTasks(
  tx: Prisma.TransactionClient,
  deviceId: number,
  requests: unknown[],
  options: QueueOptions = {},
): Promise<Task[]> {
  // Values this server sealed (a retried task's request) are opened first, so each is checked and
  // sealed once like a fresh one; Task.request then holds every secret value sealed.
  const parsed = requests.map((r) => parseAcsRequest(openQueuedValues(r)));
  const notFound = () => new AppError("not_found", `device ${deviceId} not found`);
  if (parsed.length === 0) {
    if (!(await tx.device.findUnique({ where: { id: deviceId }, select: { id: true } }))) throw notFound();
    return [];
  }
  // A live session of the device on this node claims at its empty POST (./queued-signals.ts).
  queuedSignals().noteLocal(deviceId);
  // Every task ends: without an explicit expiry it gets the default lifetime.
  const expiresAt = options.expiresAt ?? defaultExpiry();
  // One INSERT for all (a bootstrap queues three): the foreign key tells a missing device.
  const tasks = await tx.task
    .createManyAndReturn({
      data: parsed.map((request) => ({
        deviceId,
        name: request.name,
        request: asJson(sealRequestSecrets(request)),
        createdBy: options.createdBy ?? "system",
        expiresAt,
        batchId: options.batchId,
      })),
    })
    .catch((error: unknown) => {
      throw isForeignKeyViolation(error) ? notFound() : error;
    });
  // In the order given (ids follow the VALUES list): the queue runs them by id.
  return tasks.sort((a, b) => a.id - b.id);
}

const isForeignKeyViolation = (error: unknown): boolean =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003";

/** Wake the device for work committed by insertTasks. */
export function notifyQueued(deviceId: number): void {
  taskEvents.emit("queued", deviceId);
}

export interface TaskListOptions {
  states?: TaskState[];
  limit?: number;
  beforeId?: number;
  /** what the operator may see (audience.read); absent: audience tasks and values hidden */
  reader?: Reader;
}

/** A device's tasks for the console: secret values in requests and answers are masked. */
export async function listTasks(deviceId: number, options: TaskListOptions = {}): Promise<Task[]> {
  const tasks = await db().task.findMany({
    where: {
      deviceId,
      ...(options.states ? { state: { in: options.states } } : {}),
      ...(options.beforeId ? { id: { lt: options.beforeId } } : {}),
    },
    orderBy: { id: "desc" },
    take: Math.min(options.limit ?? 50, 500),
  });
  // Secrets masked for everyone, then audience data for readers without audience.read.
  return tasks.map((t) => visibleTask(options.reader ?? WITHOUT_AUDIENCE, presentableTask(t)));
}

export async function getTask(taskId: number): Promise<Task> {
  const task = await db().task.findUnique({ where: { id: taskId } });
  if (!task) throw new AppError("not_found", `task ${taskId} not found`);
  return task;
}

/** States an operator may cancel: not sent yet, sent and unanswered, or waiting for a transfer. */
export const CANCELLABLE_STATES = ["queued", "sent", "waiting"] as const satisfies readonly TaskState[];

/**
 * Cancel a task that has not finished. A sent RPC may already be executing on the CPE: its late
 * answer is recorded on the task but applies nothing (see completeTask).
 */
export async function cancelTask(taskId: number, tx: Prisma.TransactionClient = db()): Promise<Task> {
  const { count } = await tx.task.updateMany({
    where: { id: taskId, state: { in: [...CANCELLABLE_STATES] } },
    data: { state: "cancelled", completedAt: new Date() },
  });
  const task = await tx.task.findUnique({ where: { id: taskId } });
  if (!task) throw new AppError("not_found", `task ${taskId} not found`);
  if (count === 0)
    throw new AppError("conflict", `task ${taskId} is ${task.state} and can no longer be cancelled`);
  // The console's cancel returns this row: its request and result as the console may see them.
  return presentableTask(task);
}

/** Queue a fresh copy of a task that faulted, expired or was cancelled; the original keeps its history. */
/**
 * Only a task that ended without success may be queued again, and never the one that carried a
 * device's own ACS credentials: its password's HA1 was dropped when it failed, so sent again the device
 * would take credentials the ACS no longer accepts and be locked out. The next BOOTSTRAP issues new ones.
 */
export function assertRetryable(task: Pick<Task, "id" | "state" | "createdBy">): void {
  if (!["fault", "expired", "cancelled"].includes(task.state)) {
    throw new AppError(
      "conflict",
      `task ${task.id} is ${task.state}; only failed, expired or cancelled tasks can be retried`,
    );
  }
  if (task.createdBy === ACS_CREDENTIALS_CREATOR) {
    throw new AppError(
      "conflict",
      `task ${task.id} carried the device's own ACS credentials and is not retried: new ones are issued at its next BOOTSTRAP`,
    );
  }
}

export { claimNextTaskOrRelease } from "./claim";

type Tx = Prisma.TransactionClient;

type TransferAnswer = Extract<
  CpeResponse,
  { name: "DownloadResponse" | "UploadResponse" | "ScheduleDownloadResponse" | "ChangeDUStateResponse" }
>;

/**
 * A transfer the CPE accepted but has not finished (Status 1; ScheduleDownload always completes
 * later): the task waits for its TransferComplete instead of being done. ChangeDUState likewise
 * always completes later, with a DUStateChangeComplete.
 */
function acceptedNotFinished(answer: CpeResponse): answer is TransferAnswer {
  if (answer.name === "ScheduleDownloadResponse" || answer.name === "ChangeDUStateResponse") return true;
  return (answer.name === "DownloadResponse" || answer.name === "UploadResponse") && answer.status === 1;
}

/** A firmware Download the CPE says it downloaded and applied at once (Status 0). */
function appliedFirmware(
  request: AcsRequest,
  answer: CpeResponse,
): request is Extract<AcsRequest, { name: "Download" }> {
  return (
    request.name === "Download" &&
    isFirmwareType(request.fileType.trim()) &&
    answer.name === "DownloadResponse" &&
    answer.status === 0
  );
}

/** A task's result so far as an object to add to (Downloads start with softwareVersionBefore). */
export function priorResult(result: Prisma.JsonValue | null): Record<string, unknown> {
  return result && typeof result === "object" && !Array.isArray(result) ? { ...result } : {};
}

/** What completeTask did: `stored` false when the task was not outstanding (nothing applied). */
export type StoredAnswer = { stored: false } | { stored: true; task?: FinishedTask };

/**
 * Store the CPE's answer to a sent task and, in the same transaction, apply its effects (onDone) or
 * record the fault on the device. An accepted transfer (Status 1) leaves the task `waiting` for its
 * TransferComplete. Returns `stored: false` if the task was not outstanding: an answer to a task that has
 * meanwhile ended (cancelled by an operator, expired, ended at the attempts cap) is recorded on it
 * as `lateAnswer` but changes nothing else, so nothing is merged into the device. An answer onDone
 * finds invalid (InvalidAnswer) ends the task as a fault and stores nothing from it.
 */
export async function completeTask(
  deviceId: number,
  taskId: number,
  answer: CpeResponse | CwmpFault,
  onDone: (tx: Tx, request: AcsRequest, result: CpeResponse) => Promise<void>,
  /** The request as the session sent it (secrets opened), when known (answer-statement.ts). */
  sent?: AcsRequest,
): Promise<StoredAnswer> {
  try {
    return await storeAnswer(deviceId, taskId, answer, onDone, sent);
  } catch (error) {
    // An answer that cannot be right for its request: everything the transaction wrote is rolled
    // back and the task ends as a fault with the reason; the session goes on with the next task.
    if (!(error instanceof InvalidAnswer)) throw error;
    await failSentTask(deviceId, taskId, error.message);
    return { stored: true };
  }
}

async function storeAnswer(
  deviceId: number,
  taskId: number,
  answer: CpeResponse | CwmpFault,
  onDone: (tx: Tx, request: AcsRequest, result: CpeResponse) => Promise<void>,
  sent: AcsRequest | undefined,
): Promise<StoredAnswer> {
  // Most answers end their task as done with one device write: one statement for both
  // (answer-statement.ts). The transaction below is the way for faults, transfers, other effects and
  // answers to a task no longer sent.
  if (answer.name !== "Fault" && !acceptedNotFinished(answer)) {
    const done = await storeDoneInOneStatement(deviceId, taskId, answer, onDone, new Date(), sent);
    if (done) return { stored: true, task: done };
  }
  return db().$transaction(async (tx) => {
    const now = new Date();
    if (answer.name !== "Fault" && !acceptedNotFinished(answer)) {
      const done = await markDone(tx, deviceId, taskId, answer, now);
      if (done) {
        await onDone(tx, openRequestSecrets(done.request as AcsRequest), answer);
        return { stored: true, task: done };
      }
    }
    const task = await tx.task.findFirst({ where: { id: taskId, deviceId } });
    if (!task) return { stored: false };
    const stored = {
      stored: true,
      task: { createdBy: task.createdBy, name: task.name, request: task.request, sentAt: task.sentAt },
    } as const;
    const prior = priorResult(task.result);
    if (task.state !== "sent") {
      await tx.task.update({
        where: { id: taskId },
        data: { result: asJson({ ...prior, lateAnswer: storableMessage(answer) }) },
      });
      return { stored: false };
    }
    // onDone sees the request as it was sent (task-effects seals a credential again where it keeps one).
    const request = openRequestSecrets(task.request as unknown as AcsRequest);
    if (answer.name === "Fault") {
      // Every CPE fault ends the task at once (9000 "method not supported" included): a fault is an
      // answer, and repeating the request would get the same one.
      await tx.task.update({
        where: { id: taskId },
        data: {
          state: "fault",
          result: asJson({ ...prior, ...storableMessage(answer) }),
          faultCode: int4Column(answer.faultCode),
          faultString: answer.faultString,
          completedAt: now,
        },
      });
      await tx.deviceFault.create({
        data: {
          deviceId,
          taskId,
          code: int4Column(answer.faultCode),
          message: `${task.name}: ${answer.faultString}`,
          detail: asJson(answer),
        },
      });
      return stored;
    }
    if (acceptedNotFinished(answer)) {
      await tx.task.update({
        where: { id: taskId },
        data: { state: "waiting", result: asJson({ ...prior, ...storableMessage(answer) }) },
      });
      return stored;
    }
    if (appliedFirmware(request, answer)) {
      // "Downloaded and applied" (Status 0) is not the new version yet: as after a TransferComplete
      // without a fault, the task waits for the SoftwareVersion the device reports at its next boot.
      const transferComplete = {
        commandKey: request.commandKey,
        faultStruct: { faultCode: 0, faultString: "" },
      };
      await tx.task.update({
        where: { id: taskId },
        data: {
          state: "waiting",
          result: asJson({ ...prior, ...storableMessage(answer), transferComplete }),
        },
      });
      return stored;
    }
    await tx.task.update({
      where: { id: taskId },
      data: { state: "done", result: asJson({ ...prior, ...storableMessage(answer) }), completedAt: now },
    });
    await onDone(tx, request, answer);
    return stored;
  });
}

/**
 * Periodic sweep: tasks past their expiry (queued, sent or waiting) that no session took are marked
 * expired with a plain reason.
 */
export async function expireOverdueTasks(now = new Date()): Promise<number> {
  return db().$executeRawUnsafe(
    `UPDATE "Task" t SET state = 'expired', "completedAt" = $1::timestamp, "lastError" = ${EXPIRY_REASON_SQL}
      WHERE t.state IN ('queued', 'sent', 'waiting') AND t."expiresAt" < $1::timestamp`,
    now.toISOString(),
  );
}
