// OMA DM tasks taken out of the queue and settled by a DM session. The same lifecycle as CWMP tasks
// (server/tasks): queued -> sent (attempts + 1) -> done | waiting | fault, a sent task unanswered is
// sent again at the next session until TASK_MAX_ATTEMPTS, then ends as a fault; an answer to a task
// that already ended is kept as lateAnswer and applies nothing. Only protocol "omadm" tasks are taken
// here, and the CWMP claim takes only "cwmp" ones.
import { db } from "../db";
import { settings } from "../env";
import { asJson as toJson } from "../json";
import type { Prisma } from "../generated/prisma/client";
import { storableText } from "../devices/storable-text";
import { logger } from "../logger";
import type { DmTask, DmTaskOutcome, GenericAlert } from "../omadm/session/backend";
import { notifyQueued, priorResult } from "../tasks/service";
import { commandsOf, dmRequestSchema, fumoResultText, fumoSucceeded } from "./dm-requests";
import { dmDocument, mergeDocument, storableAnswer } from "./identity";
import { insertDmTask } from "./queue";
import { holdsSession, releaseSession } from "./session-lock";

/** What a task row keeps of an answer (server/mobile/identity.ts storableAnswer). */
function asJson(value: object): ReturnType<typeof toJson> {
  return toJson(storableAnswer(value));
}

const log = logger("omadm");
const NOW = `(now() AT TIME ZONE 'UTC')`;
const FUMO_TYPE = /^org\.openmobilealliance\.dm\.firmwareupdate\./;

async function capUnanswered(deviceId: number): Promise<void> {
  const capped = await db().$queryRawUnsafe<{ id: number; name: string; attempts: number }[]>(
    `UPDATE "Task" SET state = 'fault', "completedAt" = ${NOW},
            "faultString" = 'no answer after ' || attempts || ' attempts' || COALESCE(' (' || "lastError" || ')', '')
      WHERE "deviceId" = $1 AND protocol = 'omadm' AND state = 'sent' AND attempts >= $2
      RETURNING id, name, attempts`,
    deviceId,
    settings().TASK_MAX_ATTEMPTS,
  );
  for (const t of capped) {
    await db().deviceFault.create({
      data: { deviceId, taskId: t.id, code: 0, message: `${t.name}: no answer after ${t.attempts} attempts` },
    });
  }
}

export async function nextTask(deviceId: number, token: string): Promise<DmTask | null> {
  if (!(await holdsSession(deviceId, token))) return null;
  const task = await claim(deviceId);
  if (!task) await releaseSession(deviceId, token);
  return task;
}

async function claim(deviceId: number): Promise<DmTask | null> {
  await capUnanswered(deviceId);
  // Bounded: a task whose stored request is unreadable ends as a fault and the next one is tried.
  for (let i = 0; i < 20; i++) {
    const [row] = await db().$queryRawUnsafe<{ id: number; name: string; request: unknown }[]>(
      `UPDATE "Task" SET state = 'sent', "sentAt" = ${NOW}, attempts = attempts + 1
        WHERE id = (SELECT id FROM "Task"
                     WHERE "deviceId" = $1 AND protocol = 'omadm' AND state IN ('queued', 'sent')
                       AND ("expiresAt" IS NULL OR "expiresAt" >= ${NOW})
                     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, name, request`,
      deviceId,
    );
    if (!row) return null;
    try {
      const request = dmRequestSchema.parse(row.request);
      return { taskId: row.id, name: row.name, commands: commandsOf(request) };
    } catch (error) {
      await failTask(
        deviceId,
        row.id,
        0,
        `unreadable DM task request: ${(error as Error).message.slice(0, 200)}`,
      );
    }
  }
  return null;
}

async function failTask(deviceId: number, taskId: number, code: number, message: string, result?: object) {
  // A handset's Status may carry any unsigned 32-bit number: the integer columns keep 0 for one that
  // does not fit (the message keeps what it said).
  code = Number.isInteger(code) && code >= 0 && code <= 2_147_483_647 ? code : 0;
  // The message may quote the handset (a Status text, a FUMO result): text columns refuse NUL.
  message = storableText(message);
  await db().$transaction(async (tx) => {
    const task = await tx.task.update({
      where: { id: taskId },
      data: {
        state: "fault",
        faultCode: code,
        faultString: message,
        completedAt: new Date(),
        ...(result ? { result: asJson(result) } : {}),
      },
    });
    await tx.deviceFault.create({ data: { deviceId, taskId, code, message: `${task.name}: ${message}` } });
  });
}

/** What a finished task writes into the device: Get results and Replace values under their URIs. */
async function applyAnswers(
  tx: Prisma.TransactionClient,
  deviceId: number,
  outcome: DmTaskOutcome,
  commands: { kind: string; uri: string; data?: string; format?: string }[],
) {
  const values: Record<string, { value: string; format?: string }> = {};
  for (const [i, answer] of outcome.answers.entries()) {
    for (const r of answer.results ?? [])
      values[r.uri] = { value: r.data, ...(r.format ? { format: r.format } : {}) };
    const sent = commands[i];
    if (answer.kind === "Replace" && sent?.data !== undefined && !/PkgURL$/.test(sent.uri))
      values[sent.uri] = { value: sent.data, ...(sent.format ? { format: sent.format } : {}) };
  }
  await mergeDocument(deviceId, dmDocument(values, Date.now()), tx);
  const fwv = values["./DevDetail/FwV"]?.value;
  // The hash cleared as by every writer of an Inform-derived column (devices/device-write.ts).
  if (fwv !== undefined)
    await tx.device.update({
      where: { id: deviceId },
      data: { softwareVersion: fwv.slice(0, 256), informHash: null },
    });
}

export async function finishTask(deviceId: number, taskId: number, outcome: DmTaskOutcome): Promise<void> {
  const task = await db().task.findFirst({ where: { id: taskId, deviceId, protocol: "omadm" } });
  if (!task) return;
  const prior = priorResult(task.result);
  if (task.state !== "sent") {
    await db().task.update({
      where: { id: taskId },
      data: { result: asJson({ ...prior, lateAnswer: outcome }) },
    });
    return;
  }
  if (outcome.kind === "fault")
    return failTask(deviceId, taskId, outcome.code, outcome.message, { ...prior, answers: outcome.answers });
  const result = asJson({ ...prior, answers: outcome.answers });
  if (outcome.kind === "waiting") {
    await db().task.update({ where: { id: taskId }, data: { state: "waiting", result } });
    return;
  }
  const parsed = dmRequestSchema.safeParse(task.request);
  // One transaction: whoever sees the task done (the console polls it) also sees what it read or wrote.
  await db().$transaction(async (tx) => {
    await tx.task.update({ where: { id: taskId }, data: { state: "done", result, completedAt: new Date() } });
    await applyAnswers(tx, deviceId, outcome, parsed.success ? commandsOf(parsed.data) : []);
  });
}

export async function abandonTask(deviceId: number, taskId: number, reason: string): Promise<void> {
  await db().task.updateMany({
    where: { id: taskId, deviceId, state: "sent" },
    data: { lastError: reason.slice(0, 500) },
  });
}

/** Generic Alert 1226: a FUMO result ends the waiting FumoUpdate with that correlator. */
export async function genericAlert(deviceId: number, alert: GenericAlert): Promise<void> {
  await db().deviceEvent.create({ data: { deviceId, type: "GenericAlert", payload: asJson(alert) } });
  if (!FUMO_TYPE.test(alert.type)) return;
  const waiting = await db().task.findMany({
    where: { deviceId, protocol: "omadm", name: "FumoUpdate", state: "waiting" },
    orderBy: { id: "asc" },
    take: 50,
  });
  const task = waiting.find((t) => {
    const r = dmRequestSchema.safeParse(t.request);
    if (!r.success || r.data.name !== "FumoUpdate") return false;
    return alert.correlator !== undefined
      ? r.data.correlator === alert.correlator
      : alert.source.startsWith(r.data.node);
  });
  if (!task) {
    log.warn(
      { deviceId, correlator: alert.correlator, source: alert.source },
      "FUMO result for no waiting update",
    );
    return;
  }
  // FUMO result codes are three digits; anything else a handset sends is unreadable (and must never
  // reach the integer faultCode column).
  const trimmed = alert.data.trim();
  const code = /^\d{1,5}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  const prior = { ...priorResult(task.result), fumoResult: { code, source: alert.source, type: alert.type } };
  if (Number.isInteger(code) && fumoSucceeded(code)) {
    await db().task.updateMany({
      where: { id: task.id, state: "waiting" },
      data: { state: "done", completedAt: new Date(), result: asJson(prior) },
    });
    // The new firmware version is read back (the list's software version column).
    await db().$transaction((tx) =>
      insertDmTask(tx, deviceId, { name: "DmGet", uri: "./DevDetail/FwV" }, { createdBy: "system" }),
    );
    notifyQueued(deviceId);
    return;
  }
  const message = Number.isInteger(code)
    ? `FUMO result ${code}: ${fumoResultText(code)}`
    : `FUMO result unreadable: ${alert.data.slice(0, 50)}`;
  await failTask(deviceId, task.id, Number.isInteger(code) ? code : 0, message, prior);
}
