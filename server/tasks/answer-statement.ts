// An answer that ends its task as done: the task marked done and what the answer writes to its
// device (task-effects.ts: one UPDATE of the device row for values, names, attributes) in ONE
// statement. In a transaction that was BEGIN, the task's UPDATE, the device's UPDATE and COMMIT: four
// round trips per answer, each a wake-up of the database backend; a first contact has three such
// answers. Both statements here go to the pool directly, not through Prisma (db.ts poolQuery).
// Anything else (faults, transfers, an answer whose effects need more than that one UPDATE, a task
// no longer sent) takes the transaction (service.ts).
import type { AcsRequest, CpeResponse } from "../cwmp/soap/types";
import { poolQuery, preparedQuery } from "../db";
import type { FinishedTask } from "../events/session-events";
import type { Prisma } from "../generated/prisma/client";
import { openRequestSecrets } from "./sealed-values";
import { storableMessage } from "./stored-answer";

type Tx = Prisma.TransactionClient;
type OnDone = (tx: Tx, request: AcsRequest, result: CpeResponse) => Promise<void>;

// `||` adds the answer's keys to what the result held (a Download's version before), as
// { ...prior, ...answer } does; the columns have no time zone, so times travel as UTC text/epoch ms.
// $1 task, $2 device, $3 the answer (JSON), $4 now.
const MARK_DONE = `UPDATE "Task" SET state = 'done', "completedAt" = $4::timestamp,
        result = (CASE WHEN jsonb_typeof(result) = 'object' THEN result ELSE '{}'::jsonb END) || $3::jsonb
  WHERE id = $1 AND "deviceId" = $2 AND state = 'sent' AND name NOT IN ('Download', 'ScheduleDownload')
  RETURNING "createdBy", name, request, (extract(epoch FROM "sentAt") * 1000)::float8 AS "sentMs"`;

interface DoneRow {
  createdBy: string;
  name: string;
  request: unknown;
  sentMs: number | null;
}

const finished = (row: DoneRow | undefined): FinishedTask | null =>
  row
    ? {
        createdBy: row.createdBy,
        name: row.name,
        request: row.request,
        sentAt: row.sentMs === null ? null : new Date(row.sentMs),
      }
    : null;

const markDoneParams = (deviceId: number, taskId: number, answer: CpeResponse, now: Date) => [
  taskId,
  deviceId,
  JSON.stringify(storableMessage(answer)),
  now.toISOString(),
];

/**
 * The task done with this answer added to its result, if it is still sent and not a transfer (a
 * Download's firmware check, Status 1's wait: storeAnswer's other way). Its columns the reacting
 * domains need come back with it.
 */
export async function markDone(
  tx: Tx,
  deviceId: number,
  taskId: number,
  answer: CpeResponse,
  now: Date,
): Promise<FinishedTask | null> {
  const rows = await tx.$queryRawUnsafe<DoneRow[]>(
    MARK_DONE,
    ...markDoneParams(deviceId, taskId, answer, now),
  );
  return finished(rows[0]);
}

/** onDone asked for more than one raw statement: the answer goes the transaction's way. */
class NeedsTransaction extends Error {}

/** A transaction client that only records the raw statements an answer's effects would run. */
function recordingClient(): { tx: Tx; writes: { sql: string; params: unknown[] }[] } {
  const writes: { sql: string; params: unknown[] }[] = [];
  const tx = new Proxy(
    {},
    {
      get(_target, prop) {
        if (prop === "$executeRawUnsafe")
          return (sql: string, ...params: unknown[]) => {
            writes.push({ sql, params });
            return Promise.resolve(1);
          };
        // Not a thenable, and inspection (symbols) sees nothing; any other use needs the real thing.
        if (prop === "then" || typeof prop === "symbol") return undefined;
        throw new NeedsTransaction(`answer effects use tx.${prop}`);
      },
    },
  ) as Tx;
  return { tx, writes };
}

// What task-effects' device writes look like (device-write.ts, DeleteObject): gated on the task
// being marked in the same statement. Anything else is not rewritten.
const DEVICE_UPDATE = /^UPDATE "Device" SET ([\s\S]+?)\s+WHERE id = \$1$/;

/** The SET list of the one device UPDATE onDone recorded, or null when it wrote anything else. */
function oneDeviceUpdate(
  writes: { sql: string; params: unknown[] }[],
  deviceId: number,
): { set: string; params: unknown[] } | null {
  const [write, ...more] = writes;
  if (!write || more.length > 0 || write.params[0] !== deviceId) return null;
  const set = DEVICE_UPDATE.exec(write.sql)?.[1];
  return set ? { set, params: write.params.slice(1) } : null;
}

/** The write's $1 is the device ($2 in the statements here); its other parameters follow `after` ones. */
const shiftedSet = (set: string, after: number): string =>
  set.replace(/\$(\d+)/g, (_, n: string) => (n === "1" ? "$2" : `$${Number(n) + after - 1}`));

const isPlain = (name: string): boolean => name !== "Download" && name !== "ScheduleDownload";

const isSentPlain = (task: { state: string; name: string } | undefined): boolean =>
  !!task && task.state === "sent" && isPlain(task.name);

/** The task's request (secrets opened) if it is a sent non-transfer task of the device, else null. */
async function sentRequest(deviceId: number, taskId: number): Promise<AcsRequest | null> {
  // On the pool, not through Prisma: a first contact stores three answers (the statements' cost in
  // this process is mostly Prisma's, db.ts poolQuery).
  const [task] = await preparedQuery<{ state: string; name: string; request: unknown }>(
    "answer-task",
    `SELECT state::text AS state, name, request FROM "Task" WHERE id = $1 AND "deviceId" = $2`,
    [taskId, deviceId],
  );
  return task && isSentPlain(task) ? openRequestSecrets(task.request as AcsRequest) : null;
}

/**
 * Store a done answer in one statement. Null when it cannot (the task is not a sent non-transfer
 * task, or its effects are not one device UPDATE): then nothing was written and the caller takes the
 * transaction. An InvalidAnswer from onDone is thrown before anything is written, as in the
 * transaction.
 */
export async function storeDoneInOneStatement(
  deviceId: number,
  taskId: number,
  answer: CpeResponse,
  onDone: OnDone,
  now: Date,
  /**
   * The request as this session sent it (the claim returned it, secrets opened), when known: no read
   * of the task first, since the statement marks it only if it is still sent.
   */
  sent?: AcsRequest,
): Promise<FinishedTask | null> {
  const known = sent && isPlain(sent.name) ? sent : undefined;
  const request = known ?? (await sentRequest(deviceId, taskId));
  if (!request) return null;
  const recorder = recordingClient();
  try {
    await onDone(recorder.tx, request, answer);
  } catch (error) {
    if (error instanceof NeedsTransaction) return null;
    // An answer that cannot be right: what follows depends on whether the task is still sent, which
    // only the row tells.
    if (known) return storeDoneInOneStatement(deviceId, taskId, answer, onDone, now);
    throw error;
  }
  const params = markDoneParams(deviceId, taskId, answer, now);
  if (recorder.writes.length === 0) {
    return finished((await poolQuery<DoneRow>(MARK_DONE, params))[0]);
  }
  const write = oneDeviceUpdate(recorder.writes, deviceId);
  if (!write) return null;
  const rows = await poolQuery<DoneRow>(
    `WITH done AS (${MARK_DONE}),
          device AS (UPDATE "Device" SET ${shiftedSet(write.set, 4)} WHERE id = $2 AND EXISTS (SELECT 1 FROM done))
     SELECT * FROM done`,
    [...params, ...write.params],
  );
  return finished(rows[0]);
}

export interface HeldAnswer {
  taskId: number;
  answer: CpeResponse;
  /** The request as the session sent it (secrets opened), when known. */
  request?: AcsRequest;
}

type OnDonePair = (
  tx: Tx,
  requests: [AcsRequest, AcsRequest],
  answers: [CpeResponse, CpeResponse],
) => Promise<void>;

// Both tasks locked first, and marked only when both are still sent: one is never marked done without
// the write the other's answer makes (data-modifying CTEs all run, whatever the others find).
// $1 first task, $2 device, $3 first answer, $4 now, $5 second task, $6 second answer.
const MARK_PAIR_DONE = `gate AS (
    SELECT count(*) = 2 AS ok FROM (
      SELECT id FROM "Task" WHERE id IN ($1, $5) AND "deviceId" = $2 AND state = 'sent'
         AND name NOT IN ('Download', 'ScheduleDownload') FOR UPDATE) s),
  done AS (
    UPDATE "Task" SET state = 'done', "completedAt" = $4::timestamp,
           result = (CASE WHEN jsonb_typeof(result) = 'object' THEN result ELSE '{}'::jsonb END)
                    || (CASE WHEN id = $1 THEN $3 ELSE $6 END)::jsonb
     WHERE id IN ($1, $5) AND "deviceId" = $2 AND state = 'sent' AND (SELECT ok FROM gate)
    RETURNING id, "createdBy", name, request, (extract(epoch FROM "sentAt") * 1000)::float8 AS "sentMs")`;

/**
 * Two answers of one session stored in one statement, both tasks marked done and ONE write of the
 * device for what both bring (a whole-tree read's names and values: one merge of the document
 * instead of two). onDone gets both requests and answers and must make one device UPDATE. Null when
 * that cannot be (a task no longer sent, other effects, an InvalidAnswer): nothing was written, and
 * the caller stores the answers one by one.
 */
export async function storeDonePairInOneStatement(
  deviceId: number,
  first: HeldAnswer,
  second: HeldAnswer,
  onDone: OnDonePair,
  now: Date,
): Promise<[FinishedTask, FinishedTask] | null> {
  const requests = await pairRequests(deviceId, first, second);
  if (!requests) return null;
  const recorder = recordingClient();
  try {
    await onDone(recorder.tx, requests, [first.answer, second.answer]);
  } catch {
    // Other effects, or an answer that cannot be right: each answer then goes its own way.
    return null;
  }
  const write = oneDeviceUpdate(recorder.writes, deviceId);
  if (!write) return null;
  const rows = await poolQuery<DoneRow & { id: number }>(
    `WITH ${MARK_PAIR_DONE},
          device AS (UPDATE "Device" SET ${shiftedSet(write.set, 6)}
                      WHERE id = $2 AND (SELECT count(*) FROM done) = 2)
     SELECT * FROM done`,
    [
      first.taskId,
      deviceId,
      JSON.stringify(storableMessage(first.answer)),
      now.toISOString(),
      second.taskId,
      JSON.stringify(storableMessage(second.answer)),
      ...write.params,
    ],
  );
  const doneFirst = finished(rows.find((r) => r.id === first.taskId));
  const doneSecond = finished(rows.find((r) => r.id === second.taskId));
  return doneFirst && doneSecond ? [doneFirst, doneSecond] : null;
}

/**
 * Both answers' requests (secrets opened): as the session sent them when it knows both (the statement
 * marks the tasks only if both are still sent), else read, and null unless both are sent non-transfers.
 */
async function pairRequests(
  deviceId: number,
  first: HeldAnswer,
  second: HeldAnswer,
): Promise<[AcsRequest, AcsRequest] | null> {
  if (first.request && second.request && isPlain(first.request.name) && isPlain(second.request.name))
    return [first.request, second.request];
  const tasks = await preparedQuery<{ id: number; state: string; name: string; request: unknown }>(
    "answer-task-pair",
    `SELECT id, state::text AS state, name, request FROM "Task" WHERE id IN ($1, $2) AND "deviceId" = $3`,
    [first.taskId, second.taskId, deviceId],
  );
  const a = tasks.find((t) => t.id === first.taskId);
  const b = tasks.find((t) => t.id === second.taskId);
  if (!a || !b || !isSentPlain(a) || !isSentPlain(b)) return null;
  return [openRequestSecrets(a.request as AcsRequest), openRequestSecrets(b.request as AcsRequest)];
}
