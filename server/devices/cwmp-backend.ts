// The database-backed implementation of the CWMP session port.
import { ChurnMap } from "../cwmp/churn-map";
import type { SessionBackend } from "../cwmp/session/backend";
import { db } from "../db";
import { emitInformRecorded, emitTaskFinished } from "../events/session-events";
import { admitInform } from "../identity/admission";
import { dropPendingAfterFault } from "../identity/credentials";
import { logger } from "../logger";
import type { NextTask } from "../cwmp/session/backend";
import type { AcsRequest, CpeResponse, CwmpFault, ParameterValue } from "../cwmp/soap/types";
import type { FinishedTask } from "../events/session-events";
import { failSentTask, recordFailedAttempt } from "../tasks/attempts";
import { applyInformEvidence } from "../tasks/evidence";
import { claimNextTaskOrRelease, completeTask } from "../tasks/service";
import { answerCpeRequest } from "./cpe-requests";
import { recordNonceUse } from "./digest-nonces";
import { recordInform } from "./inform";
import { provisionAfterInform, reconcileConnectionRequestCredentials } from "./provisioning";
import { QuietSessions } from "./quiet-sessions";
import { applyTaskResult } from "./task-effects";
import { WholeTreeReads } from "./whole-tree-read";

const CR_USERNAME = ".ManagementServer.ConnectionRequestUsername";

/** The reported connection-request username, when these values carry one (rarely: no extra query otherwise). */
function reportedCrUsername(values: readonly ParameterValue[]): Map<string, string> | null {
  const hit = values.find((p) => p.name.endsWith(CR_USERNAME));
  return hit ? new Map([[hit.name, hit.value]]) : null;
}

export function createCwmpBackend(): SessionBackend {
  const log = logger("cwmp-backend");

  // The task each device's session has outstanding, as the claim returned it: its answer is stored
  // without reading the task again (tasks/answer-statement.ts). One entry per session at most, gone
  // when the answer comes, the task fails or the session ends (a ChurnMap: see there why).
  const sent = new ChurnMap<number, NextTask>();
  const takeSent = (deviceId: number, taskId: number): AcsRequest | undefined => {
    const task = sent.get(deviceId);
    sent.delete(deviceId);
    return task?.taskId === taskId ? task.request : undefined;
  };

  // Periodic sessions with no work skip their claim (./quiet-sessions.ts).
  const quiet = new QuietSessions();

  /** The ordinary way of storing a task's answer, and what reacts to it. */
  async function storeAnswer(
    deviceId: number,
    taskId: number,
    result: CpeResponse | CwmpFault,
    request?: AcsRequest,
  ): Promise<void> {
    const answer = await completeTask(
      deviceId,
      taskId,
      result,
      (tx, task, response) => applyTaskResult(tx, deviceId, task, response),
      request,
    );
    if (!answer.stored) {
      log.warn({ deviceId, taskId, answer: result.name }, "answer for a task that was not outstanding");
      return;
    }
    if (result.name === "Fault") await dropPendingAfterFault(deviceId, taskId);
    await answerStored(deviceId, taskId, result, answer.task);
  }

  async function answerStored(
    deviceId: number,
    taskId: number,
    result: CpeResponse | CwmpFault,
    task: FinishedTask | undefined,
    ofWholeTree = false,
  ): Promise<void> {
    const values = result.name === "GetParameterValuesResponse" ? result.parameterList : null;
    const reported = values ? reportedCrUsername(values) : null;
    if (reported) await reconcileConnectionRequestCredentials(deviceId, reported);
    await emitTaskFinished({
      deviceId,
      taskId,
      outcome: result.name,
      task,
      ...(ofWholeTree && values ? { wholeTreeValues: values } : {}),
    });
  }

  // A whole-tree read's names answer waits for its values answer: both are stored at once.
  const wholeTree = new WholeTreeReads(storeAnswer, async (deviceId, stored) => {
    for (const [{ taskId, answer }, task] of stored) await answerStored(deviceId, taskId, answer, task, true);
  });

  return {
    async credentialsFor(username) {
      // Confirmed credentials first; then ones sent to the device and not used yet (pending: the
      // session they open confirms them, see admitInform).
      const select = {
        cwmpHa1: true,
        cwmpPendingHa1: true,
        oui: true,
        productClass: true,
        serialNumber: true,
        manufacturer: true,
      } as const;
      const confirmed = await db().device.findUnique({ where: { cwmpUsername: username }, select });
      const device =
        confirmed?.cwmpHa1 != null
          ? confirmed
          : await db().device.findUnique({ where: { cwmpPendingUsername: username }, select });
      const pending = device !== confirmed;
      const ha1 = pending ? device?.cwmpPendingHa1 : device?.cwmpHa1;
      if (!device || !ha1) return null;
      return {
        ha1,
        pending,
        deviceId: {
          oui: device.oui,
          productClass: device.productClass,
          serialNumber: device.serialNumber,
          manufacturer: device.manufacturer,
        },
      };
    },

    recordNonceUse,

    async beginSession(input) {
      // Event codes arrive canonical from the codec ("1 boot" is "1 BOOT").
      const codes = input.inform.events.map((e) => e.eventCode);
      // Before recordInform: a refused Inform writes nothing but its identity conflict.
      const admission = await admitInform({
        principal: input.principal,
        deviceId: input.inform.deviceId,
        eventCodes: codes,
        remoteAddress: input.remoteAddress,
      });
      if (!admission.admitted) {
        log.warn(
          { device: input.inform.deviceId, remoteAddress: input.remoteAddress, events: codes },
          admission.reason,
        );
        return { status: "refused", reason: admission.reason };
      }
      const mark = quiet.mark();
      const recorded = await recordInform(input);
      if (recorded.locked)
        return {
          status: "locked",
          holder: recorded.holder,
          holderOnThisNode: recorded.holderOnThisNode,
          holderNodeGone: recorded.holderNodeGone,
        };
      const { deviceId } = recorded;
      quiet.informed(input.sessionId, deviceId, mark, recorded.workQueued);
      // An answer a superseded session of the device still held is stored before anything else.
      await wholeTree.flush(deviceId);
      // Before any task is claimed: work the CPE did without answering (M Reboot <key>, a boot after
      // a FactoryReset, M Download) is completed from the Inform's evidence, never sent again.
      await applyInformEvidence(deviceId, input.inform, new Date(), recorded.inserted);
      if (recorded.inserted || codes.includes("0 BOOTSTRAP") || codes.includes("8 DIAGNOSTICS COMPLETE")) {
        await provisionAfterInform(deviceId, input.inform, recorded.inserted, recorded.rootObject);
      }
      const reported = reportedCrUsername(input.inform.parameterList);
      if (reported) await reconcileConnectionRequestCredentials(deviceId, reported);
      // Other domains (profiles, ...) react here; their tasks are picked up by this session.
      await emitInformRecorded({
        device: recorded.device,
        inform: input.inform,
        codes: new Set(codes),
        firstContact: recorded.inserted,
      });
      return { status: "ok", deviceId };
    },

    async answerCpeRequest(deviceId, message) {
      await wholeTree.flush(deviceId);
      return answerCpeRequest(deviceId, message);
    },

    async completeTask(deviceId, taskId, result) {
      const request = takeSent(deviceId, taskId);
      if (await wholeTree.completePair(deviceId, taskId, result, request)) return;
      if (await wholeTree.hold(deviceId, taskId, result, request)) return;
      await storeAnswer(deviceId, taskId, result, request);
    },

    async failTask(deviceId, taskId, message) {
      sent.delete(deviceId);
      await wholeTree.flush(deviceId);
      await failSentTask(deviceId, taskId, message);
      await dropPendingAfterFault(deviceId, taskId);
      await emitTaskFinished({ deviceId, taskId, outcome: "failed" });
    },

    async nextTaskOrRelease(deviceId, sessionId, lockTtlMs) {
      if (quiet.mayEndWithoutClaim(sessionId, deviceId)) {
        sent.delete(deviceId);
        quiet.endedWithNothing(deviceId);
        return null;
      }
      const next = await claimNextTaskOrRelease(
        deviceId,
        sessionId,
        lockTtlMs,
        wholeTree.heldTaskId(deviceId),
      );
      await wholeTree.afterClaim(deviceId, next);
      if (next) sent.set(deviceId, next);
      else {
        sent.delete(deviceId);
        quiet.endedWithNothing(deviceId);
      }
      return next;
    },

    async abandonSession(deviceId, sessionId, reason, failed) {
      sent.delete(deviceId);
      quiet.ended(sessionId);
      // The answer held was received: it is stored (the attempt that failed is the next task's).
      await wholeTree.flush(deviceId);
      if (failed) {
        await recordFailedAttempt(deviceId, failed.taskId, failed.message);
        // At the attempts cap the credentials task ends as a fault: the device never got them.
        await dropPendingAfterFault(deviceId, failed.taskId);
        // The task may have ended at its attempts cap: the domains that queued it decide what next.
        await emitTaskFinished({ deviceId, taskId: failed.taskId, outcome: "failed" });
      }
      await db().device.updateMany({
        where: { id: deviceId, sessionId },
        data: { sessionId: null, sessionExpires: null },
      });
      // An invalid response already has its fault row (failSentTask); a timeout or shutdown is no fault.
      if (reason !== "timeout" && reason !== "shutdown" && reason !== "invalid response") {
        await db().deviceFault.create({
          data: { deviceId, code: 8003, message: `session aborted: ${reason}`.slice(0, 500) },
        });
      }
    },
  };
}
