// A first contact reads the device's whole tree in two RPCs (provisioning.ts): GetParameterNames of
// the root, then GetParameterValues of it. Stored one by one, each answer rewrote the whole parameter
// document: a merge, a new row version re-indexed, the compressed document written again (in a boot
// storm, the names answer's statement was a third of the database's time per first contact). So the
// names answer is held in this process until the values answer comes, and both are stored in ONE
// statement with one merge (tasks/answer-statement.ts storeDonePairInOneStatement).
//
// The held task stays "sent" meanwhile: a crash loses nothing, the device's next session sends it
// again (at most the in-flight RPC repeated). The claim leaves it alone (tasks/claim.ts). Whatever
// else comes first (another task claimed, another answer, a fault, a CPE request, the session's
// end) stores the held answer the ordinary way before it, so the order of effects is unchanged. One
// exception: when the claim finds nothing left (the values read was cancelled meanwhile), it has
// released the lock already; the held answer is stored right after, gated on its task still being
// sent, so a session elsewhere that re-sent it in between only gets its own answer filed as late.
import type { AcsRequest, CpeResponse, CwmpFault } from "../cwmp/soap/types";
import type { NextTask } from "../cwmp/session/backend";
import { preparedQuery } from "../db";
import type { FinishedTask } from "../events/session-events";
import { storeDonePairInOneStatement, type HeldAnswer } from "../tasks/answer-statement";
import { applyWholeTreeRead, isRootObject, isWholeTreePair } from "./task-effects";

type StoreOne = (
  deviceId: number,
  taskId: number,
  answer: CpeResponse | CwmpFault,
  request?: AcsRequest,
) => Promise<void>;
type PairStored = (deviceId: number, stored: [HeldAnswer, FinishedTask][]) => Promise<void>;

interface HeldNames extends HeldAnswer {
  root: string;
}

export class WholeTreeReads {
  /** By device: a device has one session at a time on this node (its lock). */
  private readonly held = new Map<number, HeldNames>();

  constructor(
    /** The ordinary way of storing an answer (and what follows it: events). */
    private readonly storeOne: StoreOne,
    /** What follows the storing of both (events), in the answers' order. */
    private readonly pairStored: PairStored,
  ) {}

  /**
   * Holds the answer when it is a whole-subtree GetParameterNames of the root for a task still sent;
   * true when held (nothing stored yet). Anything held before is stored first.
   */
  async hold(
    deviceId: number,
    taskId: number,
    answer: CpeResponse | CwmpFault,
    /** The request as the session sent it (secrets opened), when known: no read of the task. */
    sent?: AcsRequest,
  ): Promise<boolean> {
    await this.flush(deviceId);
    if (answer.name !== "GetParameterNamesResponse") return false;
    // Without the request as sent, the row tells (and whether the task is still sent). With it, the
    // pair's statement marks both tasks only if both are still sent (otherwise each goes its own way).
    const request = sent ?? (await sentNamesRequest(deviceId, taskId));
    if (request?.name !== "GetParameterNames" || request.nextLevel !== false) return false;
    const path = request.parameterPath;
    if (typeof path !== "string" || !isRootObject(path)) return false;
    this.held.set(deviceId, { taskId, answer, root: path, request });
    return true;
  }

  /** The task whose answer is held for the device (0: none): the claim must leave it alone. */
  heldTaskId(deviceId: number): number {
    return this.held.get(deviceId)?.taskId ?? 0;
  }

  /**
   * After the claim: the held answer waits only for the values read of its root; anything else
   * claimed (or nothing: the session ends) stores it now.
   */
  async afterClaim(deviceId: number, next: NextTask | null): Promise<void> {
    const held = this.held.get(deviceId);
    if (!held) return;
    const names = { name: "GetParameterNames", parameterPath: held.root, nextLevel: false } as const;
    if (next && isWholeTreePair(names, next.request)) return;
    await this.flush(deviceId);
  }

  /**
   * The answer that may complete a held pair: both stored at once (true), or, when they cannot be
   * (a task no longer sent, an answer that does not fit), the held one stored the ordinary way and
   * false: the caller stores this one as usual.
   */
  async completePair(
    deviceId: number,
    taskId: number,
    answer: CpeResponse | CwmpFault,
    /** The request as the session sent it (secrets opened), when known. */
    sent?: AcsRequest,
  ): Promise<boolean> {
    const held = this.held.get(deviceId);
    if (!held) return false;
    this.held.delete(deviceId);
    if (answer.name === "GetParameterValuesResponse") {
      const second = { taskId, answer, ...(sent ? { request: sent } : {}) };
      const stored = await storeDonePairInOneStatement(
        deviceId,
        held,
        second,
        (tx, requests, answers) => applyWholeTreeRead(tx, deviceId, requests, answers),
        new Date(),
      );
      if (stored) {
        await this.pairStored(deviceId, [
          [held, stored[0]],
          [second, stored[1]],
        ]);
        return true;
      }
    }
    await this.storeOne(deviceId, held.taskId, held.answer, held.request);
    return false;
  }

  /** Stores the held answer the ordinary way, if there is one (anything else happens first). */
  async flush(deviceId: number): Promise<void> {
    const held = this.held.get(deviceId);
    if (!held) return;
    this.held.delete(deviceId);
    await this.storeOne(deviceId, held.taskId, held.answer, held.request);
  }
}

/** The task's request if it is a GetParameterNames of the device still sent (stored requests carry no secret). */
async function sentNamesRequest(deviceId: number, taskId: number): Promise<AcsRequest | undefined> {
  const [task] = await preparedQuery<{ state: string; request: AcsRequest }>(
    "whole-tree-names-task",
    `SELECT state::text AS state, request FROM "Task"
      WHERE id = $1 AND "deviceId" = $2 AND name = 'GetParameterNames'`,
    [taskId, deviceId],
  );
  return task?.state === "sent" ? task.request : undefined;
}
